package io.ferryrpc.benchmark.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.benchmark.driver.RunResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;

/** The Markdown tables, the target ratios and the SVG charts, from fixed results. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ReportTest {

    private static final Map<String, Object> ENVIRONMENT = Json.parseObject("{\"date\":\"2026-11-27 03:00 UTC\","
            + "\"cpu\":\"Test CPU\",\"cores\":\"2\",\"memory\":\"4.0 GiB\",\"os\":\"Linux 6.1\","
            + "\"jvm\":\"OpenJDK 17\",\"jvmFlags\":\"-Xmx1g\",\"mode\":\"quick\",\"warmup\":\"2 s\","
            + "\"window\":\"3 s\",\"command\":\"rpc-benchmark/compare.sh --quick\"}");

    private static Outcome ok(String peer, String variant, String op, int concurrency, int payload,
            double throughput, double p50, double p99) {
        PeerSpec spec = new PeerSpec(peer, variant, "cp", Map.of());
        Scenario s = new Scenario(spec, op, concurrency, payload, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        return Outcome.measured(s, new RunResult(peer, variant, op, concurrency, payload, 1000, 0, 0, 1,
                throughput, p50, p50 * 1.5, p99, p99 * 2, p99 * 3, 4.5, null));
    }

    private static List<Outcome> outcomes() {
        List<Outcome> list = new ArrayList<>();
        for (String op : Report.CORE_OPERATIONS) {
            for (int c : Report.CORE_CONCURRENCY) {
                list.add(ok("ferry", "executor", op, c, 100, 20000 * c, 50, 400));
                list.add(ok("ferry", "io", op, c, 100, 25000 * c, 40, 300));
                list.add(ok("netty", "default", op, c, 100, 40000 * c, 25, 200));
                list.add(ok("dubbo", "default", op, c, 100, 10000 * c, 100, 800));
            }
        }
        for (int c : List.of(8, 512)) {
            list.add(ok("ferry", "executor", "getUser", c, 100, c == 512 ? 1_600_000 : 100_000, 50, 900));
            list.add(ok("ferry", "io", "getUser", c, 100, 100_000, 40, 900));
            list.add(ok("netty", "default", "getUser", c, 100, 100_000, 25, 900));
        }
        list.add(Outcome.failed(new Scenario(new PeerSpec("dubbo", "default", "cp", Map.of()), "getUser", 512, 100,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)), "server | exited"));
        for (int size : Report.QUICK_PAYLOAD_SIZES) {
            list.add(ok("ferry", "executor", "echo", 32, size, 1e9 / size, 50, 100 + size / 100.0));
            list.add(ok("netty", "default", "echo", 32, size, 2e9 / size, 50, 100 + size / 200.0));
        }
        return list;
    }

    @Test
    void theCoreTableHasARowPerPeerOperationAndConcurrency() {
        Report.Rendered r = new Report(ENVIRONMENT, outcomes(), null, "img").render();

        String core = r.sections().get("core");
        assertThat(core).contains("| getUser | 32 | ferry (executor) | 640,000 | 50.0 | 400 | 800 | 4.5 | 0 (0) |")
                .contains("| listUser | 1 | dubbo | 10,000 | 100 | 800 | 1,600 | 4.5 | 0 (0) |")
                .contains("![Throughput per operation at concurrency 32](img/bench-throughput-c32.svg)");
        assertThat(core.lines().filter(l -> l.startsWith("| existUser |")).count()).isEqualTo(12);
        assertThat(r.sections().get("environment")).contains("| CPU | Test CPU, 2 cores").contains("`-Xmx1g`");
    }

    @Test
    void theTargetsHaveTheRatiosTheIssueNames() {
        String targets = new Report(ENVIRONMENT, outcomes(), null, "img").render().sections().get("targets");

        assertThat(targets).contains("| Measure | ferry (executor) | ferry (io) |")
                .contains("| Throughput vs Dubbo, getUser at 32 (higher is better) | 2.00× | 2.50× |")
                .contains("| Throughput vs Dubbo, listUser at 32 (higher is better) | 2.00× | 2.50× |")
                .contains("| Throughput vs raw Netty, getUser at 32 (1.00× is the ceiling) | 0.50× | 0.63× |")
                .contains("| p99 vs Dubbo, getUser at 32 (lower is better) | 0.50× | 0.38× |")
                .contains("| p50 vs raw Netty, getUser at 1 (lower is better; 1.00× is the floor) | 2.00× | 1.60× |")
                .contains("| Throughput at 512 vs its own peak, getUser (1.00× means no collapse) | 0.63× "
                        + "| 0.03× |");
    }

    @Test
    void curvesShowFailuresAndTheCollapseRatio() {
        Report.Rendered r = new Report(ENVIRONMENT, outcomes(), null, "img").render();

        String concurrency = r.sections().get("concurrency");
        assertThat(concurrency).contains("| 512 | 1,600,000<br>p99 900 |").contains("**FAILED** [1]")
                .contains("1. dubbo getUser c=512: server \\| exited").contains("| **512 vs peak** | 0.63× | 0.03×");
        assertThat(r.sections().get("payload")).contains("| 1 MiB |").contains("| 10 KiB |");
        assertThat(r.images()).containsOnlyKeys("bench-throughput-c32.svg", "bench-concurrency-throughput.svg",
                "bench-concurrency-p99.svg", "bench-payload-throughput.svg", "bench-payload-p99.svg");
    }

    @Test
    void everyChartIsWellFormedSvgWithAxesAndALegend() throws Exception {
        Report.Rendered r = new Report(ENVIRONMENT, outcomes(), null, "img").render();

        for (Map.Entry<String, String> chart : r.images().entrySet()) {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(chart.getValue().getBytes(StandardCharsets.UTF_8)));
            assertThat(doc.getDocumentElement().getTagName()).as(chart.getKey()).isEqualTo("svg");
            String text = doc.getDocumentElement().getTextContent();
            assertThat(text).as(chart.getKey()).contains("ferry (executor)", "netty");
            assertThat(doc.getElementsByTagName("line").getLength()).as(chart.getKey()).isGreaterThan(4);
        }
        assertThat(r.images().get("bench-concurrency-p99.svg")).contains("p99 latency, µs (log scale)", ">512<");
        assertThat(r.images().get("bench-throughput-c32.svg")).contains(">listUser<", "<rect");
    }

    @Test
    void theRegistrySectionReadsThePropagationResult() {
        Map<String, Object> registry = Json.parseObject("{\"kind\":\"registry\",\"mode\":\"client\","
                + "\"consumers\":100,\"changes\":20,\"completeChanges\":20,\"missedNotifications\":0,"
                + "\"setupMillis\":4321,\"zookeeper\":\"3.9.5 in-process\","
                + "\"allSeenMillis\":{\"p50\":12.5,\"p90\":20,\"p99\":31.25,\"max\":31.25},"
                + "\"firstSeenMillis\":{\"p50\":1.5,\"p90\":2,\"p99\":3,\"max\":3},"
                + "\"perConsumerMillis\":{\"p50\":6,\"p90\":11,\"p99\":25,\"max\":31.25}}");

        String section = new Report(ENVIRONMENT, List.of(), registry, "img").render().sections().get("registry");

        assertThat(section).contains("100 consumers (RpcClient instances")
                .contains("| until every consumer has the new list (per change) | 12.5 | 20.0 | 31.3 | 31.3 |")
                .contains("Missed notifications (a consumer that had not seen a change within the bound): 0.");
    }
}
