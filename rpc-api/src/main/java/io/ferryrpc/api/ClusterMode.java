package io.ferryrpc.api;

/**
 * What a consumer does when a call to one provider fails.
 *
 * @since 0.1.0
 */
public enum ClusterMode {
    /** Use the client's or service's setting ({@link #FAILOVER} unless configured otherwise). */
    DEFAULT,
    /**
     * Retry on another provider, up to the method's retries, within the caller's deadline: calls that certainly did
     * not run (never sent, {@code SERVER_BUSY}) always; calls that may have run (timeouts, broken connections) only
     * when the method is idempotent.
     */
    FAILOVER,
    /** One attempt; any failure reaches the caller at once. */
    FAILFAST,
    /** One attempt; a failure is logged and the caller gets the return type's default value (null, 0, false). */
    FAILSAFE,
    /** Send to several providers at once; the first answer wins and the others are cancelled. */
    FORKING
}
