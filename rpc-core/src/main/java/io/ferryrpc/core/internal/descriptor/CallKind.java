package io.ferryrpc.core.internal.descriptor;

/** How the proxy hands a method's result back to its caller. */
public enum CallKind {
    /** The caller's thread waits for the result. */
    SYNC,
    /** The method returns a {@code CompletableFuture}, completed off the IO threads. */
    ASYNC,
    /** A {@code void} method marked one-way: sent, never answered. */
    ONEWAY
}
