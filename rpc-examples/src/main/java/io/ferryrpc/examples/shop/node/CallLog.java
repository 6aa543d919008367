package io.ferryrpc.examples.shop.node;

import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.spi.Invocation;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A provider-side filter that tells the flow log about calls: the first few in detail (method, caller, outcome,
 * time), then one progress line every so many calls, so that a run of hundreds of orders stays readable.
 */
public final class CallLog implements Filter {

    /** The attachment named in each described call, when the caller set it (the shop sets it to the order id). */
    public static final String TRACE_ATTACHMENT = "trace-id";

    private final FlowLog log;
    private final int detailed;
    private final int every;
    private final AtomicLong calls = new AtomicLong();

    /**
     * Creates the filter.
     *
     * @param log where to tell
     * @param detailed how many calls to describe one by one
     * @param every print a progress line after every this many calls
     */
    public CallLog(FlowLog log, int detailed, int every) {
        this.log = log;
        this.detailed = detailed;
        this.every = every;
    }

    /** Runs inside the metrics filter, around the service method. */
    @Override
    public int order() {
        return 0;
    }

    @Override
    public CompletionStage<Object> filter(Invocation invocation, Chain next) {
        long n = calls.incrementAndGet();
        long start = System.nanoTime();
        CompletionStage<Object> result = next.proceed(invocation);
        if (n <= detailed) {
            String trace = invocation.attachments().get(TRACE_ATTACHMENT);
            result.whenComplete((value, error) -> log.say("call #%d: %s.%s from %s%s -> %s in %.2f ms", n,
                    invocation.service().name().substring(invocation.service().name().lastIndexOf('.') + 1),
                    invocation.method(), invocation.peer(), trace == null ? "" : " [trace " + trace + "]",
                    error == null ? "ok" : "threw " + simpleName(error),
                    (System.nanoTime() - start) / 1e6));
        } else if (n % every == 0) {
            log.say("served %d calls so far", n);
        }
        return result;
    }

    private static String simpleName(Throwable error) {
        Throwable t = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return t.getClass().getSimpleName();
    }

    /** Returns how many calls the filter has seen. */
    public long total() {
        return calls.get();
    }
}
