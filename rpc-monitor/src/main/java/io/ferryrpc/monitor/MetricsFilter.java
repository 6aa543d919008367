package io.ferryrpc.monitor;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.spi.Invocation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records every call in a {@link MeterRegistry}, on the side it is installed on, with OpenTelemetry's RPC
 * semantic-convention names: {@code rpc.client.call.duration} and {@code rpc.server.call.duration} timers (seconds;
 * Prometheus {@code rpc_client_call_duration_seconds_bucket/_sum/_count}) tagged {@code rpc.system.name=ferry},
 * {@code rpc.method=<service>/<method>}, {@code rpc.response.status_code}, {@code error.type} ({@code none} on
 * success) and {@code application}, plus {@code server.address}/{@code server.port} on the client and
 * {@code client.address} (no port: ports of consumers are ephemeral) on the server.
 *
 * <p>Also: the provider's own processing time as the consumer learns it ({@code ferry.rpc.client.provider.duration}),
 * calls in flight ({@code rpc.client.calls.active}, {@code rpc.server.calls.active}), and counters of timeouts,
 * rejections and codec errors. Never a call ID or request ID as a tag. Install one instance per side:
 *
 * <pre>{@code
 * MeterRegistry meters = ...;   // the application's own registry
 * RpcServer.builder().filter(new MetricsFilter(meters));
 * RpcClient.builder().filter(new MetricsFilter(meters));
 * }</pre>
 *
 * <p>Thread-safe; meters are created once per tag combination and looked up without locks afterwards.
 */
public final class MetricsFilter implements Filter {

    private record Key(Side side, String method, String status, String errorType, String peerHost, String peerPort,
            String application) {}

    private final MeterRegistry registry;
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();
    private final Map<Key, Timer> providerTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<Side, AtomicInteger> active = new ConcurrentHashMap<>();

    /** Creates a filter that records into {@code registry}. */
    public MetricsFilter(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Runs outermost, so that what it measures includes every other filter. */
    @Override
    public int order() {
        return Integer.MIN_VALUE + 1000;
    }

    @Override
    public CompletionStage<Object> filter(Invocation invocation, Chain next) {
        AtomicInteger inFlight = active.computeIfAbsent(invocation.side(), side -> registry.gauge(
                side == Side.CONSUMER ? "rpc.client.calls.active" : "rpc.server.calls.active",
                Tags.of("rpc.system.name", "ferry"), new AtomicInteger()));
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

    private void record(Invocation invocation, Throwable error, long nanos) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String status;
        String errorType;
        if (cause == null) {
            status = "OK";
            errorType = "none";
        } else if (cause instanceof RpcException rpc) {
            status = rpc.code().name();
            errorType = rpc.code().name();
            count(invocation.side(), rpc.code());
        } else {
            status = "APPLICATION_ERROR";
            errorType = cause.getClass().getName();
        }
        boolean client = invocation.side() == Side.CONSUMER;
        String peerHost = "";
        String peerPort = "";
        String peer = invocation.peer();
        if (peer != null && !peer.isEmpty()) {
            int colon = peer.lastIndexOf(':');
            peerHost = colon > 0 ? peer.substring(0, colon) : peer;
            peerPort = client && colon > 0 ? peer.substring(colon + 1) : "";
        }
        String method = invocation.service().name() + "/" + invocation.method();
        Key key = new Key(invocation.side(), method, status, errorType, peerHost, peerPort, invocation.application());
        timers.computeIfAbsent(key, this::timer).record(nanos, TimeUnit.NANOSECONDS);
        if (client && invocation.providerNanos() >= 0) {
            providerTimers.computeIfAbsent(key, this::providerTimer)
                    .record(invocation.providerNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private Timer timer(Key key) {
        boolean client = key.side() == Side.CONSUMER;
        return Timer.builder(client ? "rpc.client.call.duration" : "rpc.server.call.duration")
                .description(client ? "Duration of calls as the consumer saw them"
                        : "Duration of calls as the provider ran them")
                .tags(tags(key))
                .publishPercentileHistogram()
                .register(registry);
    }

    private Timer providerTimer(Key key) {
        return Timer.builder("ferry.rpc.client.provider.duration")
                .description("The provider's own processing time of calls, as reported in each response")
                .tags(tags(key))
                .publishPercentileHistogram()
                .register(registry);
    }

    private static Tags tags(Key key) {
        Tags tags = Tags.of("rpc.system.name", "ferry", "rpc.method", key.method(),
                "rpc.response.status_code", key.status(), "error.type", key.errorType(),
                "application", key.application());
        return key.side() == Side.CONSUMER
                ? tags.and("server.address", key.peerHost(), "server.port", key.peerPort())
                : tags.and("client.address", key.peerHost());
    }

    private void count(Side side, RpcException.Code code) {
        String kind = switch (code) {
            case TIMEOUT -> "timeouts";
            case SERVER_BUSY -> "rejections";
            case SERIALIZATION, PROTOCOL -> "codec_errors";
            default -> null;
        };
        if (kind == null) {
            return;
        }
        String name = (side == Side.CONSUMER ? "rpc.client.calls." : "rpc.server.calls.") + kind;
        counters.computeIfAbsent(name, n -> Counter.builder(n).tags("rpc.system.name", "ferry").register(registry))
                .increment();
    }
}
