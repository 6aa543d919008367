package io.ferryrpc.monitor;

import io.ferryrpc.core.RpcClient;
import io.ferryrpc.core.RpcServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.function.ToDoubleFunction;

/**
 * Exposes a server's or client's own counters — what happens before any filter sees a call, such as requests
 * refused because the executor was full — as Micrometer meters that read the live values.
 *
 * <pre>{@code
 * FerryMetrics.bind(server, meters);
 * FerryMetrics.bind(client, meters);
 * }</pre>
 */
public final class FerryMetrics {

    private static final Tags FERRY = Tags.of("rpc.system.name", "ferry");

    private FerryMetrics() {}

    /** Registers the server's counters and gauges in {@code registry}. */
    public static void bind(RpcServer server, MeterRegistry registry) {
        counter(registry, "rpc.server.calls.refused_busy", server, s -> s.stats().rejected(),
                "Calls refused with SERVER_BUSY because the executor was full");
        counter(registry, "rpc.server.calls.expired", server, s -> s.stats().expiredBeforeRun(),
                "Calls dropped because their deadline passed while they were queued");
        counter(registry, "rpc.server.calls.cancelled", server, s -> s.stats().cancelledBeforeRun(),
                "Calls their consumer cancelled before they started");
        counter(registry, "rpc.server.calls.unknown_call_id", server, s -> s.stats().unknownCallIds(),
                "Requests for a call ID that is not exported");
        counter(registry, "rpc.server.connections.protocol_errors", server, s -> s.stats().protocolErrors(),
                "Connections closed for breaking the wire protocol");
        Gauge.builder("rpc.server.connections", server, s -> s.stats().connections()).tags(FERRY)
                .description("Open consumer connections").register(registry);
        Gauge.builder("rpc.server.calls.in_flight", server, s -> s.stats().inFlight()).tags(FERRY)
                .description("Calls accepted and not yet answered").register(registry);
    }

    /** Registers the client's counters and gauges in {@code registry}. */
    public static void bind(RpcClient client, MeterRegistry registry) {
        counter(registry, "rpc.client.responses.late", client, c -> c.stats().lateResponses(),
                "Answers that arrived after their call had timed out or been cancelled");
        Gauge.builder("rpc.client.calls.pending", client, c -> c.stats().pendingCalls()).tags(FERRY)
                .description("Calls sent and not yet answered").register(registry);
        Gauge.builder("rpc.client.connections", client, c -> c.stats().openConnections()).tags(FERRY)
                .description("Open provider connections").register(registry);
    }

    private static <T> void counter(MeterRegistry registry, String name, T source, ToDoubleFunction<T> value,
            String description) {
        FunctionCounter.builder(name, source, value).tags(FERRY).description(description).register(registry);
    }
}
