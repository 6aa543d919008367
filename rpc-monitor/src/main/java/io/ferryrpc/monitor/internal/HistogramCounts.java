package io.ferryrpc.monitor.internal;

import io.ferryrpc.monitor.push.Histogram;
import java.util.Arrays;

/**
 * Dense bucket counts of a latency histogram in {@link LatencyLayout}'s buckets, with the sum of the recorded
 * values; cumulative or a difference of two cumulative readings.
 *
 * @param counts one count per bucket (owned by this object: not changed after construction)
 * @param sumNanos the sum of the values in nanoseconds
 */
public record HistogramCounts(long[] counts, long sumNanos) {

    /** An empty histogram. */
    public static final HistogramCounts EMPTY = new HistogramCounts(new long[LatencyLayout.buckets()], 0);

    /** Returns the number of values. */
    public long count() {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    /** Returns this minus {@code earlier}, bucket by bucket. */
    public HistogramCounts minus(HistogramCounts earlier) {
        long[] diff = new long[counts.length];
        for (int i = 0; i < diff.length; i++) {
            diff[i] = counts[i] - (i < earlier.counts.length ? earlier.counts[i] : 0);
        }
        return new HistogramCounts(diff, sumNanos - earlier.sumNanos);
    }

    /** Returns this plus {@code other}, bucket by bucket. */
    public HistogramCounts plus(HistogramCounts other) {
        long[] sum = Arrays.copyOf(counts, Math.max(counts.length, other.counts.length));
        for (int i = 0; i < other.counts.length; i++) {
            sum[i] += other.counts[i];
        }
        return new HistogramCounts(sum, sumNanos + other.sumNanos);
    }

    /** Returns whether no bucket holds a value. */
    public boolean isEmpty() {
        for (long c : counts) {
            if (c != 0) {
                return false;
            }
        }
        return true;
    }

    /** Returns the sparse wire form: only the buckets that hold values. */
    public Histogram toWire() {
        int nonZero = 0;
        for (long c : counts) {
            if (c != 0) {
                nonZero++;
            }
        }
        int[] indexes = new int[nonZero];
        long[] values = new long[nonZero];
        int j = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                indexes[j] = i;
                values[j++] = counts[i];
            }
        }
        return new Histogram(indexes, values, sumNanos);
    }

    /**
     * Reads the sparse wire form back.
     *
     * @throws IllegalArgumentException if it names a bucket this layout does not have or holds a negative count
     */
    public static HistogramCounts fromWire(Histogram wire) {
        if (wire == null) {
            return EMPTY;
        }
        int[] indexes = wire.bucketIndexes() == null ? new int[0] : wire.bucketIndexes();
        long[] values = wire.bucketCounts() == null ? new long[0] : wire.bucketCounts();
        if (indexes.length != values.length) {
            throw new IllegalArgumentException("histogram has " + indexes.length + " bucket indexes but "
                    + values.length + " counts");
        }
        long[] counts = new long[LatencyLayout.buckets()];
        for (int i = 0; i < indexes.length; i++) {
            if (indexes[i] < 0 || indexes[i] >= counts.length) {
                throw new IllegalArgumentException("no latency bucket " + indexes[i]);
            }
            if (values[i] < 0) {
                throw new IllegalArgumentException("negative count in latency bucket " + indexes[i]);
            }
            counts[indexes[i]] += values[i];
        }
        return new HistogramCounts(counts, wire.sumNanos());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistogramCounts h && sumNanos == h.sumNanos && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts) * 31 + Long.hashCode(sumNanos);
    }

    @Override
    public String toString() {
        return "HistogramCounts[count=" + count() + ", sumNanos=" + sumNanos + "]";
    }
}
