package io.ferryrpc.monitor.internal;

import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import java.util.Arrays;

/**
 * The latency bucket boundaries every Ferry node and the monitor center share, so that histograms from many nodes
 * merge by adding bucket counts.
 *
 * <p>They are Micrometer's own percentile-histogram boundaries between {@link #MIN} and {@link #MAX}, the same ones
 * {@code MetricsFilter} gives its timers: a percentile the center computes lies in the same bucket as the one a
 * node's own Micrometer histogram gives.
 */
public final class LatencyLayout {

    /** The lowest boundary: loopback calls take tens of microseconds. */
    public static final Duration MIN = Duration.ofNanos(10_000);

    /** The highest finite boundary; slower calls land in the overflow bucket. */
    public static final Duration MAX = Duration.ofSeconds(60);

    private static final long[] BOUNDS = computeBounds();

    /** Identifies this layout on the wire; a node and a center with different layouts cannot merge. */
    public static final int ID = Arrays.hashCode(BOUNDS);

    private LatencyLayout() {}

    private static long[] computeBounds() {
        DistributionStatisticConfig config = DistributionStatisticConfig.builder()
                .percentilesHistogram(true)
                .minimumExpectedValue((double) MIN.toNanos())
                .maximumExpectedValue((double) MAX.toNanos())
                .build()
                .merge(DistributionStatisticConfig.DEFAULT);
        // Exactly what a registry with aggregable percentiles (Prometheus) publishes for such a timer.
        return config.getHistogramBuckets(true).stream().mapToLong(Double::longValue).toArray();
    }

    /** Returns the number of buckets: one per finite boundary plus the overflow bucket. */
    public static int buckets() {
        return BOUNDS.length + 1;
    }

    /** Returns the upper bound of bucket {@code index} in nanoseconds; {@code Long.MAX_VALUE} for the overflow. */
    public static long upperBound(int index) {
        return index < BOUNDS.length ? BOUNDS[index] : Long.MAX_VALUE;
    }

    /** Returns the lower bound of bucket {@code index} in nanoseconds (exclusive). */
    public static long lowerBound(int index) {
        return index == 0 ? 0 : BOUNDS[index - 1];
    }

    /** Returns the bucket of {@code nanos}: the first whose upper bound is at least it. */
    public static int index(long nanos) {
        int found = Arrays.binarySearch(BOUNDS, nanos);
        return found >= 0 ? found : -found - 1;
    }

    /**
     * Returns the {@code quantile} (0..1) of a histogram in nanoseconds, interpolating linearly inside the bucket
     * that holds it (as Prometheus' {@code histogram_quantile} does); -1 if the histogram is empty. A value in the
     * overflow bucket is reported as {@link #MAX}.
     */
    public static double quantile(long[] counts, double quantile) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return -1;
        }
        double rank = quantile * total;
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            if (seen + counts[i] >= rank) {
                if (i >= BOUNDS.length) {
                    return MAX.toNanos();
                }
                double lower = lowerBound(i);
                double fraction = (rank - seen) / counts[i];
                return lower + (upperBound(i) - lower) * Math.max(0, fraction);
            }
            seen += counts[i];
        }
        return MAX.toNanos();
    }
}
