package io.ferryrpc.benchmark.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The comparison's plan, and re-rendering the report from a raw-results file. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class CompareTest {

    private static final PeerSpec PEER = new PeerSpec("netty", PeerSpec.DEFAULT_VARIANT, "cp", Map.of());

    @Test
    void aQuickPlanRunsEachScenarioOnce() {
        List<Scenario> plan = Compare.plan(PEER, Compare.SECTIONS, true, Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(3));

        // 4 operations x 3 concurrencies, getUser at 8 and 512 (1, 32, 128 are in the core table), 3 payloads.
        assertThat(plan).hasSize(12 + 2 + 3);
        assertThat(plan).filteredOn(s -> s.operation().equals("echo")).extracting(Scenario::payloadSize)
                .containsExactly(100, 10 * 1024, 1024 * 1024);
    }

    @Test
    void aFullPlanCoversEveryCurvePoint() {
        List<Scenario> plan = Compare.plan(PEER, List.of("concurrency", "payload"), false, Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(3));

        assertThat(plan).filteredOn(s -> s.operation().equals("getUser")).extracting(Scenario::concurrency)
                .containsExactly(1, 2, 4, 8, 16, 32, 64, 128, 256, 512);
        assertThat(plan).filteredOn(s -> s.operation().equals("echo")).hasSize(5);
    }

    @Test
    void rendersDocsAndChartsFromAResultsFile(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results.jsonl");
        Scenario s = new Scenario(PEER, "getUser", 32, 100, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        Files.writeString(results, "{\"kind\":\"environment\",\"date\":\"today\"}\n"
                + Outcome.measured(s, new io.ferryrpc.benchmark.driver.RunResult("netty", "default", "getUser", 32,
                        100, 10, 0, 0, 1, 10, 1, 2, 3, 4, 5, 6, null)).toJson() + "\n"
                + "{\"kind\":\"registry\",\"failed\":\"no ZooKeeper\"}\n");
        Path docs = dir.resolve("docs/benchmarks.md");
        Files.createDirectories(docs.getParent());
        Files.writeString(docs, "# Benchmarks\n\nKept.\n");

        Compare.render(results, docs);

        assertThat(Files.readString(docs)).startsWith("# Benchmarks\n\nKept.\n")
                .contains(DocsFile.begin("core"), "| getUser | 32 | netty | 10 |", "**FAILED**: no ZooKeeper");
        assertThat(dir.resolve("docs/img/bench-throughput-c32.svg")).exists();
    }
}
