package io.ferryrpc.monitor;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.spi.Invocation;
import io.ferryrpc.monitor.internal.CallStatistics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records every call, on the side it is installed on, with OpenTelemetry's RPC semantic-convention names:
 * {@code rpc.client.call.duration} and {@code rpc.server.call.duration} timers (seconds; Prometheus
 * {@code rpc_client_call_duration_seconds_bucket/_sum/_count}) tagged {@code rpc.system.name=ferry},
 * {@code rpc.method=<service>/<method>}, {@code rpc.response.status_code}, {@code error.type} ({@code none} on
 * success) and {@code application}, plus {@code server.address}/{@code server.port} on the client and
 * {@code client.address} (no port: ports of consumers are ephemeral) on the server.
 *
 * <p>Also: the provider's own processing time as the consumer learns it from each response
 * ({@code ferry.rpc.client.provider.duration}), calls in flight ({@code rpc.client.calls.active},
 * {@code rpc.server.calls.active}), and counters of timeouts, rejections and codec errors. Never a call ID or request
 * ID as a tag. One instance may serve both sides of a process:
 *
 * <pre>{@code
 * MetricsFilter metrics = new MetricsFilter(meters);   // the application's own MeterRegistry
 * RpcServer.builder().filter(metrics);
 * RpcClient.builder().filter(metrics);
 * MonitorReporter.builder(metrics).registry("zookeeper://zk:2181").build();   // optional: push to a center
 * }</pre>
 *
 * <p>Alongside the Micrometer timers it keeps Ferry's own cumulative histograms, which a {@link MonitorReporter}
 * pushes to the monitor center. Recording takes no lock; after a series' first call it allocates nothing beyond
 * what Micrometer does and the one completion callback. At most {@value #MAX_SERIES} series are kept.
 */
public final class MetricsFilter implements Filter {

    /** The most series kept; calls beyond are recorded under the method {@code _OTHER}. */
    public static final int MAX_SERIES = 5000;

    private final CallStatistics statistics;
    private final AtomicInteger clientActive = new AtomicInteger();
    private final AtomicInteger serverActive = new AtomicInteger();
    private final Counter[] clientCounters;
    private final Counter[] serverCounters;

    private enum Kind { TIMEOUTS, REJECTIONS, CODEC_ERRORS }

    /** Creates a filter that records into the application's {@code registry} and for a reporter. */
    public MetricsFilter(MeterRegistry registry) {
        this(Objects.requireNonNull(registry, "registry"), true);
    }

    /** Creates a filter that records only for a {@link MonitorReporter}, without any Micrometer registry. */
    public MetricsFilter() {
        this(null, false);
    }

    private MetricsFilter(MeterRegistry registry, boolean micrometer) {
        this.statistics = new CallStatistics(registry, MAX_SERIES);
        if (micrometer) {
            Tags ferry = Tags.of("rpc.system.name", "ferry");
            registry.gauge("rpc.client.calls.active", ferry, clientActive);
            registry.gauge("rpc.server.calls.active", ferry, serverActive);
            clientCounters = counters(registry, "rpc.client.calls.");
            serverCounters = counters(registry, "rpc.server.calls.");
        } else {
            clientCounters = null;
            serverCounters = null;
        }
    }

    private static Counter[] counters(MeterRegistry registry, String prefix) {
        Counter[] counters = new Counter[Kind.values().length];
        for (Kind kind : Kind.values()) {
            counters[kind.ordinal()] = Counter.builder(prefix + kind.name().toLowerCase(Locale.ROOT))
                    .tags("rpc.system.name", "ferry").register(registry);
        }
        return counters;
    }

    /** Runs outermost, so that what it measures includes every other filter. */
    @Override
    public int order() {
        return Integer.MIN_VALUE + 1000;
    }

    @Override
    public CompletionStage<Object> filter(Invocation invocation, Chain next) {
        AtomicInteger inFlight = invocation.side() == Side.CONSUMER ? clientActive : serverActive;
        inFlight.incrementAndGet();
        long start = System.nanoTime();
        CompletionStage<Object> stage;
        try {
            stage = next.proceed(invocation);
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            record(invocation, e, System.nanoTime() - start);
            throw e;
        }
        return stage.whenComplete((value, error) -> {
            inFlight.decrementAndGet();
            record(invocation, error, System.nanoTime() - start);
        });
    }

    /** Returns what this filter recorded, for the reporter. */
    CallStatistics statistics() {
        return statistics;
    }

    private void record(Invocation invocation, Throwable error, long nanos) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        Object outcome = null;
        if (cause instanceof RpcException rpc) {
            outcome = rpc.code();
            count(invocation.side(), rpc.code());
        } else if (cause != null) {
            outcome = cause.getClass();
        }
        boolean client = invocation.side() == Side.CONSUMER;
        statistics.series(invocation.side(), invocation.service(), invocation.method(), outcome, invocation.peer(),
                invocation.application()).record(nanos, client ? invocation.providerNanos() : -1);
    }

    private void count(Side side, RpcException.Code code) {
        Counter[] counters = side == Side.CONSUMER ? clientCounters : serverCounters;
        if (counters == null) {
            return;
        }
        Kind kind = switch (code) {
            case TIMEOUT -> Kind.TIMEOUTS;
            case SERVER_BUSY -> Kind.REJECTIONS;
            case SERIALIZATION, PROTOCOL -> Kind.CODEC_ERRORS;
            default -> null;
        };
        if (kind != null) {
            counters[kind.ordinal()].increment();
        }
    }
}
