package io.ferryrpc.monitor.internal;

import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.spi.ServiceKey;
import io.ferryrpc.monitor.push.SeriesReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every series a {@code MetricsFilter} has seen. A series is found without locks or allocation once it exists; the
 * number of series is bounded, and calls beyond the bound are recorded under the method {@code _OTHER}, as
 * OpenTelemetry does for methods it cannot name, so a misbehaving caller cannot exhaust memory.
 */
public final class CallStatistics {

    private static final Logger log = LoggerFactory.getLogger(CallStatistics.class);

    /** The method name of calls recorded once the series bound is reached. */
    public static final String OTHER_METHOD = "_OTHER";

    private static final ThreadLocal<SeriesKey> PROBE = ThreadLocal.withInitial(SeriesKey::new);

    private final MeterRegistry meters;
    private final int maxSeries;
    private final Map<SeriesKey, CallSeries> series = new ConcurrentHashMap<>();
    private final AtomicBoolean overflowLogged = new AtomicBoolean();

    /** Creates the statistics; {@code meters} may be null to record only for the reporter. */
    public CallStatistics(MeterRegistry meters, int maxSeries) {
        this.meters = meters;
        this.maxSeries = maxSeries;
    }

    /** Returns the series of a call, creating it the first time. */
    public CallSeries series(Filter.Side side, ServiceKey service, String method, Object outcome, String peer,
            String application) {
        SeriesKey probe = PROBE.get().set(side, service, method, outcome, peer, application);
        CallSeries found = series.get(probe);
        if (found != null) {
            return found;
        }
        if (series.size() >= maxSeries && !OTHER_METHOD.equals(method)) {
            if (overflowLogged.compareAndSet(false, true)) {
                log.warn("more than {} metric series; further ones are recorded as method {}", maxSeries,
                        OTHER_METHOD);
            }
            return series(side, service, OTHER_METHOD, outcome, "", application);
        }
        SeriesKey key = probe.copy();
        return series.computeIfAbsent(key, k -> create(SeriesTags.of(k)));
    }

    private CallSeries create(SeriesTags tags) {
        if (meters == null) {
            return new CallSeries(tags, null, null);
        }
        boolean client = tags.side() == Filter.Side.CONSUMER;
        Timer timer = Timer.builder(client ? "rpc.client.call.duration" : "rpc.server.call.duration")
                .description(client ? "Duration of calls as the consumer saw them"
                        : "Duration of calls as the provider ran them")
                .tags(tags.micrometerTags())
                .publishPercentileHistogram()
                .minimumExpectedValue(LatencyLayout.MIN)
                .maximumExpectedValue(LatencyLayout.MAX)
                .register(meters);
        Timer providerTimer = !client ? null : Timer.builder("ferry.rpc.client.provider.duration")
                .description("The provider's own processing time of calls, as reported in each response")
                .tags(tags.micrometerTags())
                .publishPercentileHistogram()
                .minimumExpectedValue(LatencyLayout.MIN)
                .maximumExpectedValue(LatencyLayout.MAX)
                .register(meters);
        return new CallSeries(tags, timer, providerTimer);
    }

    /** Returns the series that changed since the previous call, with their cumulative and changed counts. */
    public synchronized List<SeriesReport> collectChanges() {
        List<SeriesReport> changed = new ArrayList<>();
        for (CallSeries s : series.values()) {
            SeriesReport report = s.collectChange();
            if (report != null) {
                changed.add(report);
            }
        }
        return changed;
    }

    /** Returns every series, for tests and diagnostics. */
    public List<CallSeries> all() {
        return List.copyOf(series.values());
    }
}
