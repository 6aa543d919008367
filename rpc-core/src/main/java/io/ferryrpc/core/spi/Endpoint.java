package io.ferryrpc.core.spi;

/**
 * A provider as a {@link LoadBalancer} sees it: where it is, how much traffic it asks for, and how it is doing.
 *
 * <p>Values are read at the moment of the call and may change between calls.
 */
public interface Endpoint {

    /** Returns {@code host:port}. */
    String address();

    /** Returns the weight to use now: the registered weight, reduced while the provider warms up; at least 1. */
    int weight();

    /** Returns the number of calls sent to this provider and not yet answered. */
    int active();

    /** Returns an exponentially weighted moving average of response times in nanoseconds, 0 before any answer. */
    long latencyEwmaNanos();
}
