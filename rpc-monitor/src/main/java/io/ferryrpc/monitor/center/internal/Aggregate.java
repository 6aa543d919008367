package io.ferryrpc.monitor.center.internal;

import io.ferryrpc.monitor.internal.HistogramCounts;
import io.ferryrpc.monitor.internal.LatencyLayout;

/** Calls of several series added up: durations, failures and providers' processing times. */
final class Aggregate {

    private HistogramCounts calls = HistogramCounts.EMPTY;
    private HistogramCounts provider = HistogramCounts.EMPTY;
    private long errors;

    void add(SeriesId id, Sample sample) {
        calls = calls.plus(sample.calls());
        provider = provider.plus(sample.provider());
        if (id.failed()) {
            errors += sample.calls().count();
        }
    }

    long calls() {
        return calls.count();
    }

    long errors() {
        return errors;
    }

    HistogramCounts durations() {
        return calls;
    }

    HistogramCounts providerTimes() {
        return provider;
    }

    /** Returns a quantile of the call durations in milliseconds, NaN without calls. */
    double quantileMillis(double q) {
        return millis(calls, q);
    }

    static double millis(HistogramCounts h, double q) {
        double nanos = LatencyLayout.quantile(h.counts(), q);
        return nanos < 0 ? Double.NaN : nanos / 1e6;
    }

    static double meanMillis(HistogramCounts h) {
        long count = h.count();
        return count == 0 ? Double.NaN : h.sumNanos() / 1e6 / count;
    }
}
