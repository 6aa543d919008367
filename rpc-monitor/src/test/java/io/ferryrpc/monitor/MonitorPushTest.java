package io.ferryrpc.monitor;

import static io.ferryrpc.monitor.MonitorTesting.consumer;
import static io.ferryrpc.monitor.MonitorTesting.method;
import static io.ferryrpc.monitor.MonitorTesting.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferryrpc.core.testing.NoLeaksExtension;
import io.ferryrpc.monitor.MonitorTesting.Node;
import io.ferryrpc.monitor.center.MonitorCenter;
import io.ferryrpc.monitor.internal.CallSeries;
import io.ferryrpc.monitor.internal.HistogramCounts;
import io.ferryrpc.monitor.internal.LatencyLayout;
import io.ferryrpc.registry.zookeeper.EmbeddedZooKeeper;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two providers and two consumers push to a center found through a real ZooKeeper; the center's JSON and
 * Prometheus text show exactly the calls made, on both sides, with percentiles from the merged histograms.
 */
@Timeout(90)
@ExtendWith(NoLeaksExtension.class)
class MonitorPushTest {

    private static final String SERVICE = "shop.Payments:1.0";
    private static final int FIRST_CALLS = 40;
    private static final int SECOND_CALLS = 25;
    private static final int REFUNDS = 5;

    private static EmbeddedZooKeeper zk;
    private static MonitorCenter center;
    private static final List<Node> nodes = new ArrayList<>();
    private static Node first;
    private static Node second;

    @BeforeAll
    static void callThroughTwoProvidersFromTwoConsumers() {
        zk = EmbeddedZooKeeper.start();
        String registry = zk.address();
        center = MonitorTesting.center(registry);
        nodes.add(provider(registry, "payment-a"));
        nodes.add(provider(registry, "payment-b"));
        first = consumer(registry, "order-1");
        second = consumer(registry, "order-2");
        nodes.add(first);
        nodes.add(second);
        Payments p1 = first.payments();
        Payments p2 = second.payments();
        for (int i = 0; i < FIRST_CALLS; i++) {
            assertThat(p1.pay("a" + i)).isEqualTo("paid a" + i);
        }
        for (int i = 0; i < SECOND_CALLS; i++) {
            p2.pay("b" + i);
        }
        for (int i = 0; i < REFUNDS; i++) {
            assertThatThrownBy(() -> p2.refund("r")).isInstanceOf(IllegalStateException.class);
        }
        // Providers record when their answer is written: wait until they have, then make every node push now.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> serverCount() == FIRST_CALLS + SECOND_CALLS
                + REFUNDS);
        for (Node node : nodes) {
            assertThat(node.reporter().flush()).isTrue();
        }
    }

    private static long serverCount() {
        return nodes.stream().filter(n -> n.server() != null)
                .flatMap(n -> n.metrics().statistics().all().stream())
                .mapToLong(s -> s.durations().count()).sum();
    }

    @AfterAll
    static void stopEverything() {
        nodes.forEach(Node::close);
        if (center != null) {
            center.close();
        }
        if (zk != null) {
            zk.close();
        }
    }

    @Test
    void bothSidesCountEveryCallExactly() throws Exception {
        JsonNode view = MonitorTesting.services(center, 120);
        JsonNode pay = method(view, SERVICE, "pay");
        assertThat(pay.path("client").path("calls").asLong()).isEqualTo(FIRST_CALLS + SECOND_CALLS);
        assertThat(pay.path("server").path("calls").asLong()).isEqualTo(FIRST_CALLS + SECOND_CALLS);
        assertThat(pay.path("client").path("errors").asLong()).isZero();
        JsonNode refund = method(view, SERVICE, "refund");
        assertThat(refund.path("client").path("calls").asLong()).isEqualTo(REFUNDS);
        assertThat(refund.path("client").path("errors").asLong()).isEqualTo(REFUNDS);
        assertThat(refund.path("client").path("errorRate").asDouble()).isEqualTo(1.0);
        assertThat(refund.path("server").path("errors").asLong()).isEqualTo(REFUNDS);
        assertThat(view.path("nodes").asInt()).isEqualTo(4);
        // The center's own service is not shown among the application's.
        assertThat(view.path("services").findValuesAsText("service")).containsExactly(SERVICE);
    }

    @Test
    void percentilesAgreeWithTheConsumersOwnHistogramsAndMeansWithTheirTimers() throws Exception {
        JsonNode pay = method(MonitorTesting.services(center, 120), SERVICE, "pay");
        HistogramCounts own = HistogramCounts.EMPTY;
        double totalNanos = 0;
        long count = 0;
        for (Node consumer : List.of(first, second)) {
            for (CallSeries s : consumer.metrics().statistics().all()) {
                if (s.tags().method().equals("pay")) {
                    own = own.plus(s.durations());
                }
            }
            for (Timer timer : consumer.meters().get("rpc.client.call.duration")
                    .tags("rpc.method", "shop.Payments/pay").timers()) {
                totalNanos += timer.totalTime(TimeUnit.NANOSECONDS);
                count += timer.count();
            }
        }
        for (double q : new double[] {0.5, 0.95, 0.99}) {
            double expected = LatencyLayout.quantile(own.counts(), q) / 1e6;
            String field = "p" + Math.round(q * 100) + "Ms";
            double reported = pay.path("client").path(field).asDouble();
            int bucket = LatencyLayout.index((long) (expected * 1e6));
            double width = (LatencyLayout.upperBound(bucket) - LatencyLayout.lowerBound(bucket)) / 1e6;
            assertThat(reported).as(field).isCloseTo(expected, within(width));
        }
        assertThat(count).isEqualTo(FIRST_CALLS + SECOND_CALLS);
        assertThat(pay.path("client").path("meanMs").asDouble()).isCloseTo(totalNanos / count / 1e6,
                within(1e-6));
    }

    @Test
    void eachProviderShowsConsumerLatencyBesideItsOwnProcessingTime() throws Exception {
        JsonNode pay = method(MonitorTesting.services(center, 120), SERVICE, "pay");
        JsonNode providers = pay.path("providers");
        assertThat(providers).hasSize(2);
        long calls = 0;
        for (JsonNode p : providers) {
            assertThat(p.path("address").asText()).startsWith("127.0.0.1:");
            long consumerCalls = p.path("consumerLatency").path("calls").asLong();
            calls += consumerCalls;
            assertThat(p.path("providerTime").path("count").asLong()).isEqualTo(consumerCalls);
            // The consumer waits for the provider's processing and for the network and queues around it.
            assertThat(p.path("consumerLatency").path("meanMs").asDouble())
                    .isGreaterThan(p.path("providerTime").path("meanMs").asDouble());
            assertThat(p.path("overheadP50Ms").isNumber()).isTrue();
        }
        assertThat(calls).isEqualTo(FIRST_CALLS + SECOND_CALLS);
        // Charts show completed slots only: the calls appear once their one-second slot has passed.
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode series = method(MonitorTesting.services(center, 120), SERVICE, "pay").path("series");
            for (String side : new String[] {"client", "server"}) {
                double qpsSeconds = StreamSupport.stream(series.path(side).spliterator(), false)
                        .mapToDouble(p -> p.path("qps").asDouble()).sum();
                assertThat(qpsSeconds).as(side).isEqualTo(FIRST_CALLS + SECOND_CALLS);
            }
        });
    }

    @Test
    void topologyShowsProvidersConsumersAndWhoCalledWhom() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode topology = MonitorTesting.services(center, 120).path("topology");
            JsonNode payments = StreamSupport.stream(topology.path("services").spliterator(), false)
                    .filter(s -> s.path("service").asText().equals(SERVICE)).findFirst().orElseThrow();
            assertThat(payments.path("providers").findValuesAsText("application"))
                    .containsExactlyInAnyOrder("payment-a", "payment-b");
            assertThat(payments.path("consumers").findValuesAsText("application"))
                    .containsExactlyInAnyOrder("order-1", "order-2");
            long fromFirst = StreamSupport.stream(topology.path("edges").spliterator(), false)
                    .filter(e -> e.path("consumer").asText().equals("order-1"))
                    .mapToLong(e -> e.path("calls").asLong()).sum();
            assertThat(fromFirst).isEqualTo(FIRST_CALLS);
        });
    }

    @Test
    void prometheusTextIsWellFormedAndExact() throws Exception {
        String text = MonitorTesting.get("http://127.0.0.1:" + center.httpPort() + "/metrics");
        Path saved = Path.of("target", "monitor-metrics.txt");
        Files.writeString(saved, text, StandardCharsets.UTF_8);
        PrometheusTextParser metrics = PrometheusTextParser.parse(text);
        assertThat(metrics.types).containsEntry("rpc_client_call_duration_seconds", "histogram")
                .containsEntry("rpc_server_call_duration_seconds", "histogram")
                .containsEntry("ferry_rpc_client_provider_duration_seconds", "histogram")
                .containsEntry("ferry_monitor_reports_total", "counter");
        Map<String, String> pay = Map.of("rpc_method", "shop.Payments/pay", "rpc_system_name", "ferry");
        assertThat(metrics.sum("rpc_client_call_duration_seconds_count", pay)).isEqualTo(FIRST_CALLS + SECOND_CALLS);
        assertThat(metrics.sum("rpc_server_call_duration_seconds_count", pay)).isEqualTo(FIRST_CALLS + SECOND_CALLS);
        assertThat(metrics.sum("rpc_client_call_duration_seconds_bucket", Map.of("rpc_method", "shop.Payments/pay",
                "le", "+Inf"))).isEqualTo(FIRST_CALLS + SECOND_CALLS);
        assertThat(metrics.sum("rpc_client_call_duration_seconds_count", Map.of("application", "order-1")))
                .isEqualTo(FIRST_CALLS);
        assertThat(metrics.sum("rpc_server_call_duration_seconds_count", Map.of("rpc_method",
                "shop.Payments/refund", "error_type", "java.lang.IllegalStateException"))).isEqualTo(REFUNDS);
        // No ephemeral port of a consumer becomes a label.
        assertThat(metrics.samples).noneMatch(s -> s.labels().containsKey("client_port"));
        assertThat(metrics.sum("ferry_monitor_nodes", Map.of())).isEqualTo(4);
    }

    @Test
    void theHttpSideRefusesWhatItDoesNotServe() throws Exception {
        String base = "http://127.0.0.1:" + center.httpPort();
        assertThat(MonitorTesting.send(HttpRequest.newBuilder(URI.create(base + "/api/services"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build()).statusCode()).isEqualTo(405);
        assertThat(MonitorTesting.send(HttpRequest.newBuilder(URI.create(base + "/api/services?window=abc"))
                .build()).statusCode()).isEqualTo(400);
        assertThat(MonitorTesting.send(HttpRequest.newBuilder(URI.create(base + "/api/services?window=100000"))
                .build()).statusCode()).isEqualTo(400);
        assertThat(MonitorTesting.send(HttpRequest.newBuilder(URI.create(base + "/../pom.xml"))
                .build()).statusCode()).isEqualTo(404);
        assertThat(MonitorTesting.send(HttpRequest.newBuilder(URI.create(base + "/nothing.html"))
                .build()).statusCode()).isEqualTo(404);
    }
}
