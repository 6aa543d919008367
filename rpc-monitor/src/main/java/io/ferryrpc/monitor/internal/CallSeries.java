package io.ferryrpc.monitor.internal;

import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.monitor.push.SeriesReport;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * One series' meters: the Micrometer timers of the host application's registry (if any) and Ferry's own cumulative
 * histograms for the reporter, recorded together.
 */
public final class CallSeries {

    private final SeriesTags tags;
    private final Timer timer;
    private final Timer providerTimer;
    private final LatencyRecorder durations = new LatencyRecorder();
    private final LatencyRecorder providerTimes;
    // Read and written by the one thread that collects reports.
    private HistogramCounts reportedDurations = HistogramCounts.EMPTY;
    private HistogramCounts reportedProviderTimes = HistogramCounts.EMPTY;

    CallSeries(SeriesTags tags, Timer timer, Timer providerTimer) {
        this.tags = tags;
        this.timer = timer;
        this.providerTimer = providerTimer;
        this.providerTimes = tags.side() == Filter.Side.CONSUMER ? new LatencyRecorder() : null;
    }

    /** Returns the series' tag values. */
    public SeriesTags tags() {
        return tags;
    }

    /** Records one call; {@code providerNanos} is negative when the provider's time is unknown. */
    public void record(long nanos, long providerNanos) {
        durations.record(nanos);
        if (timer != null) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
        if (providerTimes != null && providerNanos >= 0) {
            providerTimes.record(providerNanos);
            if (providerTimer != null) {
                providerTimer.record(providerNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Returns the cumulative call durations. */
    public HistogramCounts durations() {
        return durations.read();
    }

    /** Returns what changed since the previous call of this method, or {@code null} if nothing did. */
    SeriesReport collectChange() {
        HistogramCounts calls = durations.read();
        HistogramCounts provider = providerTimes == null ? null : providerTimes.read();
        if (calls.equals(reportedDurations) && (provider == null || provider.equals(reportedProviderTimes))) {
            return null;
        }
        HistogramCounts callDelta = calls.minus(reportedDurations);
        reportedDurations = calls;
        HistogramCounts providerDelta = null;
        if (provider != null) {
            providerDelta = provider.minus(reportedProviderTimes);
            reportedProviderTimes = provider;
        }
        return new SeriesReport(tags.side() == Filter.Side.CONSUMER ? "client" : "server", tags.service().toString(),
                tags.method(), tags.status(), tags.errorType(), tags.peerAddress(), tags.peerPort(),
                tags.application(), calls.toWire(), callDelta.toWire(),
                provider == null ? null : provider.toWire(), providerDelta == null ? null : providerDelta.toWire());
    }
}
