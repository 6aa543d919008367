package io.ferryrpc.monitor.internal;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A cumulative latency histogram in {@link LatencyLayout}'s buckets, recorded without locks or allocation, and read
 * as a {@link HistogramCounts} by one reporter thread at a time.
 */
public final class LatencyRecorder {

    private final AtomicLongArray buckets = new AtomicLongArray(LatencyLayout.buckets());
    private final LongAdder sumNanos = new LongAdder();

    /** Records one latency. */
    public void record(long nanos) {
        long value = Math.max(0, nanos);
        buckets.incrementAndGet(LatencyLayout.index(value));
        sumNanos.add(value);
    }

    /** Returns the counts recorded so far; the count is the sum of the buckets, so the two always agree. */
    public HistogramCounts read() {
        long[] counts = new long[buckets.length()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets.get(i);
        }
        return new HistogramCounts(counts, sumNanos.sum());
    }
}
