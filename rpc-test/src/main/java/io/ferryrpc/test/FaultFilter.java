package io.ferryrpc.test;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.spi.Invocation;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Applies a provider's {@link ProviderFaults}, outermost of its filters. A delay sleeps on the provider's executor
 * thread, which is what a slow service does to a provider; so test providers do not run calls on IO threads.
 */
final class FaultFilter implements Filter {

    private final ProviderFaults faults;

    FaultFilter(ProviderFaults faults) {
        this.faults = faults;
    }

    @Override
    public int order() {
        return Integer.MIN_VALUE;
    }

    @Override
    public boolean appliesTo(Side side) {
        return side == Side.PROVIDER;
    }

    @Override
    public CompletionStage<Object> filter(Invocation invocation, Chain next) {
        Optional<Duration> delay = faults.arrive(invocation.method());
        if (delay.isPresent() && !delay.get().isZero()) {
            try {
                Thread.sleep(delay.get().toMillis(), delay.get().toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                // The call was cancelled or the provider is closing: answer nothing more useful than that.
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(new RpcException(RpcException.Code.SERVER_BUSY,
                        "interrupted during an injected delay of " + invocation.method()));
            }
        }
        Optional<RpcException.Code> failure = faults.failure(invocation.method());
        if (failure.isPresent()) {
            return CompletableFuture.failedFuture(new RpcException(failure.get(),
                    "injected fault: " + invocation.service().name() + "." + invocation.method() + " fails with "
                            + failure.get()));
        }
        return next.proceed(invocation);
    }
}
