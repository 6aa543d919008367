package io.ferryrpc.monitor.push;

/**
 * A latency histogram on the wire, sparse: the buckets (of the shared layout named in {@link MetricsReport#layout()})
 * that hold values, and the sum of the values. Buckets, not percentiles, so that the center can merge many nodes.
 *
 * @param bucketIndexes the indexes of the buckets that hold values, ascending
 * @param bucketCounts the count of each of those buckets
 * @param sumNanos the sum of the recorded values in nanoseconds
 */
public record Histogram(int[] bucketIndexes, long[] bucketCounts, long sumNanos) {}
