package io.ferryrpc.core.spi;

import java.util.concurrent.CompletionStage;

/**
 * A step around every call, on the consumer (around the whole call, retries included) or on the provider (around
 * the service method): it sees the invocation and its result or failure, may add attachments, and may answer
 * itself instead of proceeding (a rate limiter failing with {@code SERVER_BUSY}, say).
 *
 * <p>Filters come from the builders ({@code RpcServer.Builder.filter}, {@code RpcClient.Builder.filter}) and from
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.ferryrpc.core.spi.Filter}, no-arg constructor).
 * Lower {@link #order()} runs outside higher. Implementations are thread-safe and must not block: the returned
 * stage may complete on a Ferry executor thread, never on a Netty IO thread.
 *
 * <pre>{@code
 * public CompletionStage<Object> filter(Invocation invocation, Filter.Chain next) {
 *     invocation.attachments().put("trace-id", currentTraceId());
 *     return next.proceed(invocation);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface Filter {

    /** Where a filter runs. */
    enum Side {
        /** Around a proxy call in the consumer. */
        CONSUMER,
        /** Around a service method in the provider. */
        PROVIDER
    }

    /** The rest of the chain. */
    @FunctionalInterface
    interface Chain {
        /** Runs the next filter, or the call itself after the last one. */
        CompletionStage<Object> proceed(Invocation invocation);
    }

    /** Returns the position of this filter: lower runs first (outermost); default 0. */
    default int order() {
        return 0;
    }

    /** Returns whether this filter runs on {@code side}; default both. */
    default boolean appliesTo(Side side) {
        return true;
    }

    /**
     * Handles one call: usually {@code return next.proceed(invocation)}, with work before or after. The stage
     * completes with the method's result, or exceptionally with what the caller will get (an
     * {@link io.ferryrpc.api.RpcException} or the method's own exception).
     */
    CompletionStage<Object> filter(Invocation invocation, Chain next);
}
