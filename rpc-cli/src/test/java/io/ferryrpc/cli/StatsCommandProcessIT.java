package io.ferryrpc.cli;

import static io.ferryrpc.cli.FerryProcess.ferry;
import static io.ferryrpc.cli.FerryProcess.ferryWithJvmOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.ferryrpc.cli.FerryProcess.Run;
import io.ferryrpc.cli.fixtures.Warehouse;
import io.ferryrpc.cli.fixtures.WarehouseImpl;
import io.ferryrpc.core.RpcClient;
import io.ferryrpc.core.RpcServer;
import io.ferryrpc.monitor.MetricsFilter;
import io.ferryrpc.monitor.MonitorReporter;
import io.ferryrpc.monitor.center.MonitorCenter;
import io.ferryrpc.registry.zookeeper.EmbeddedZooKeeper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ferry stats} run as a process against a real monitor center on 127.0.0.1, fed by a real provider and
 * consumer through their metrics filters and reporters: the table and the JSON show exactly the calls made.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StatsCommandProcessIT {

    private static final String SERVICE = "shop.Warehouse:1.2";
    private static final int FOUND = 12;
    /** Calls of {@code line} for an unknown SKU: NoSuchSkuException, status APPLICATION_ERROR on both sides. */
    private static final int MISSING = 3;
    private static final int STORES = 5;
    /**
     * The center's history, and the window every figure here is read over: longer than this class can run (its
     * tests time out at 60 s each), so the calls made once in {@link #callThroughAProviderAndAConsumerThatReport}
     * never age out of it on a slow machine.
     */
    private static final Duration HISTORY = Duration.ofMinutes(10);
    private static final String WINDOW = Long.toString(HISTORY.toSeconds());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedZooKeeper zk;
    private static MonitorCenter center;
    private static RpcServer provider;
    private static RpcClient consumer;
    private static final List<MonitorReporter> reporters = new ArrayList<>();
    private static String monitorUrl;

    @BeforeAll
    static void callThroughAProviderAndAConsumerThatReport() throws Exception {
        zk = EmbeddedZooKeeper.start();
        center = MonitorCenter.builder().registry(zk.address()).bindAddress("127.0.0.1").host("127.0.0.1")
                .rpcPort(0).httpBindAddress("127.0.0.1").httpPort(0).slot(Duration.ofSeconds(1))
                .history(HISTORY).build();
        monitorUrl = "http://127.0.0.1:" + center.httpPort();

        MetricsFilter providerMetrics = new MetricsFilter();
        provider = RpcServer.builder().bindAddress("127.0.0.1").host("127.0.0.1").port(0).registry(zk.address())
                .applicationName("warehouse").unregisterGracePeriod(Duration.ZERO).filter(providerMetrics).build()
                .export(Warehouse.class, new WarehouseImpl()).start();
        reporters.add(reporter(providerMetrics, "warehouse"));

        MetricsFilter consumerMetrics = new MetricsFilter();
        consumer = RpcClient.builder().registry(zk.address()).applicationName("shop-front").warmup(Duration.ZERO)
                .filter(consumerMetrics).build();
        reporters.add(reporter(consumerMetrics, "shop-front"));

        Warehouse warehouse = consumer.proxy(Warehouse.class);
        for (int i = 0; i < FOUND; i++) {
            assertThat(warehouse.line("mug").quantity()).isEqualTo(7);
        }
        for (int i = 0; i < MISSING; i++) {
            assertThatThrownBy(() -> warehouse.line("nothing")).isInstanceOf(Warehouse.NoSuchSkuException.class);
        }
        for (int i = 0; i < STORES; i++) {
            warehouse.store(List.of(new Warehouse.Line("cup", 1, new Warehouse.Bin("B", 1))));
        }
        // Providers record a call once its answer is written, and reporters push every 200 ms: wait for the
        // center to show every call on both sides before any command runs.
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode services = centerServices();
            for (String side : new String[] {"client", "server"}) {
                assertThat(figures(services, "line", side).path("calls").asLong()).isEqualTo(FOUND + MISSING);
                assertThat(figures(services, "line", side).path("errors").asLong()).isEqualTo(MISSING);
                assertThat(figures(services, "store", side).path("calls").asLong()).isEqualTo(STORES);
            }
            assertThat(services.path("nodes").asInt()).isEqualTo(2);
        });
    }

    private static MonitorReporter reporter(MetricsFilter metrics, String application) {
        return MonitorReporter.builder(metrics).registry(zk.address()).application(application)
                .interval(Duration.ofMillis(200)).pushTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterAll
    static void stopEverything() {
        reporters.forEach(MonitorReporter::close);
        if (consumer != null) {
            consumer.close();
        }
        if (provider != null) {
            provider.close();
        }
        if (center != null) {
            center.close();
        }
        if (zk != null) {
            zk.close();
        }
    }

    private static JsonNode centerServices() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(monitorUrl
                + "/api/services?window=" + WINDOW)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The figures of one method and side in the center's JSON, or a missing node. */
    private static JsonNode figures(JsonNode services, String method, String side) {
        return StreamSupport.stream(services.path("services").spliterator(), false)
                .filter(s -> s.path("service").asText().equals(SERVICE))
                .flatMap(s -> StreamSupport.stream(s.path("methods").spliterator(), false))
                .filter(m -> m.path("method").asText().equals(method))
                .map(m -> m.path(side)).findFirst()
                .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    }

    @Test
    void theTableHasAHeaderAndOneRowPerMethodAndSideWithExactCounts() throws Exception {
        // A German locale writes 1,23 for %.2f; the figures must stay readable by scripts whatever the locale.
        Run run = ferryWithJvmOptions(List.of("-Duser.language=de", "-Duser.country=DE"),
                "stats", "--monitor", monitorUrl, "--window", WINDOW);
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("2 nodes reporting to " + monitorUrl + ", last " + WINDOW + " s");
        assertThat(lines.get(1).split("\\s+")).containsExactly("SERVICE", "METHOD", "SIDE", "CALLS", "ERRORS", "QPS",
                "P50_MS", "P95_MS", "P99_MS", "MEAN_MS");
        Map<String, String[]> rows = new TreeMap<>();
        for (String line : lines.subList(2, lines.size())) {
            String[] cells = line.split("\\s+");
            assertThat(cells).as(line).hasSize(10);
            rows.put(cells[0] + " " + cells[1] + " " + cells[2], cells);
        }
        assertThat(rows).containsOnlyKeys(SERVICE + " line client", SERVICE + " line server",
                SERVICE + " store client", SERVICE + " store server");
        for (String side : new String[] {"client", "server"}) {
            assertThat(Arrays.copyOfRange(rows.get(SERVICE + " line " + side), 3, 5))
                    .containsExactly(Integer.toString(FOUND + MISSING), Integer.toString(MISSING));
            assertThat(Arrays.copyOfRange(rows.get(SERVICE + " store " + side), 3, 5))
                    .containsExactly(Integer.toString(STORES), "0");
        }
        // The columns are aligned: every row's CALLS ends where the header's does.
        int callsEnd = lines.get(1).indexOf("CALLS") + "CALLS".length();
        for (String line : lines.subList(2, lines.size())) {
            assertThat(line.charAt(callsEnd - 1)).as(line).isNotEqualTo(' ');
            assertThat(line.charAt(callsEnd)).as(line).isEqualTo(' ');
        }
        JsonNode services = centerServices();
        for (String[] cells : rows.values()) {
            double p50 = Double.parseDouble(cells[6]);
            double p99 = Double.parseDouble(cells[8]);
            double mean = Double.parseDouble(cells[9]);
            assertThat(p50).as(String.join(" ", cells)).isPositive().isLessThanOrEqualTo(p99);
            assertThat(mean).isPositive();
            // The same figures the center serves, rounded to two decimals.
            JsonNode f = figures(services, cells[1], cells[2]);
            assertThat(cells[8]).isEqualTo(String.format(Locale.ROOT, "%.2f", f.path("p99Ms").asDouble()));
            assertThat(cells[9]).isEqualTo(String.format(Locale.ROOT, "%.2f", f.path("meanMs").asDouble()));
        }
    }

    @Test
    void jsonOutputAndTheServiceFilter() throws Exception {
        Run run = ferry("stats", "shop.Warehouse", "--json", "--monitor", monitorUrl, "--window", WINDOW);
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode root = JSON.readTree(run.out());
        assertThat(root.path("windowSeconds").asLong()).isEqualTo(HISTORY.toSeconds());
        assertThat(root.path("nodes").asInt()).isEqualTo(2);
        Map<String, JsonNode> rows = new TreeMap<>();
        for (JsonNode row : root.path("rows")) {
            assertThat(row.path("service").asText()).isEqualTo(SERVICE);
            rows.put(row.path("method").asText() + " " + row.path("side").asText(), row);
        }
        assertThat(rows).containsOnlyKeys("line client", "line server", "store client", "store server");
        JsonNode line = rows.get("line client");
        assertThat(line.path("calls").asLong()).isEqualTo(FOUND + MISSING);
        assertThat(line.path("errors").asLong()).isEqualTo(MISSING);
        assertThat(line.path("errorRate").asDouble()).isEqualTo((double) MISSING / (FOUND + MISSING));
        assertThat(line.path("p99Ms").isNumber()).isTrue();
        assertThat(rows.get("store server").path("calls").asLong()).isEqualTo(STORES);

        Run other = ferry("stats", "shop.Ledger", "--monitor", monitorUrl);
        assertThat(other.exitCode()).as(other.err()).isZero();
        assertThat(other.out()).contains("no calls of shop.Ledger in the last 60 s").doesNotContain("SERVICE");
    }

    @Test
    void clearErrorsForAWindowTheCenterRefusesABadAddressAndSomethingElseAnswering() throws Exception {
        Run tooLong = ferry("stats", "--monitor", monitorUrl, "--window", "100000");
        assertThat(tooLong.exitCode()).isEqualTo(2);
        assertThat(tooLong.err()).contains("ferry: the monitor center at " + monitorUrl
                + " refused the request: window: 100000 (expected: seconds, 1.." + WINDOW + ")");

        Run noScheme = ferry("stats", "--monitor", "127.0.0.1:" + center.httpPort());
        assertThat(noScheme.exitCode()).isEqualTo(2);
        assertThat(noScheme.err()).contains("ferry: bad monitor address 127.0.0.1:" + center.httpPort()
                + ": expected http://host:port");

        HttpServer notACenter = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        notACenter.createContext("/", exchange -> {
            byte[] body = "<html>hello</html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        notACenter.start();
        try {
            String url = "http://127.0.0.1:" + notACenter.getAddress().getPort();
            Run wrong = ferry("stats", "--monitor", url);
            assertThat(wrong.exitCode()).isEqualTo(1);
            assertThat(wrong.err()).contains("ferry: " + url + " answered /api/services without a monitor center's"
                    + " JSON");
        } finally {
            notACenter.stop(0);
        }
    }
}
