package io.ferryrpc.monitor.center.internal;

import io.ferryrpc.monitor.internal.HistogramCounts;

/**
 * Call durations and, for client-side series, the providers' own processing times, as one value that adds up.
 *
 * @param calls the call durations
 * @param provider the providers' processing times (empty for server-side series)
 */
public record Sample(HistogramCounts calls, HistogramCounts provider) {

    /** Nothing recorded. */
    public static final Sample EMPTY = new Sample(HistogramCounts.EMPTY, HistogramCounts.EMPTY);

    /** Returns the sum of both. */
    public Sample plus(Sample other) {
        return new Sample(calls.plus(other.calls), provider.plus(other.provider));
    }

    /** Returns this minus {@code earlier}. */
    public Sample minus(Sample earlier) {
        return new Sample(calls.minus(earlier.calls), provider.minus(earlier.provider));
    }

    /** Returns whether any bucket or sum went below zero, which a difference of cumulative counts never should. */
    boolean negative() {
        for (long c : calls.counts()) {
            if (c < 0) {
                return true;
            }
        }
        for (long c : provider.counts()) {
            if (c < 0) {
                return true;
            }
        }
        return false;
    }
}
