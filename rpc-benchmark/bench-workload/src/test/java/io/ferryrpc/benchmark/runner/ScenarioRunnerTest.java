package io.ferryrpc.benchmark.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.benchmark.driver.RunResult;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the runner against fake server and client mains in real, separate JVMs, including every failure path. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScenarioRunnerTest {

    private static final String CLASS_PATH = Path.of("target/test-classes").toAbsolutePath() + File.pathSeparator
            + Path.of("target/classes").toAbsolutePath();

    @TempDir
    Path logs;

    private final List<String> progress = new ArrayList<>();

    @AfterEach
    void noProcessIsLeft() {
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList()).isEmpty();
    }

    private ScenarioRunner runner(Duration listen, Duration margin, Duration stop) {
        ScenarioRunner.Settings settings = ScenarioRunner.Settings.defaults(logs).with(
                List.of("-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"),
                FakeServerMain.class.getName(), FakeClientMain.class.getName(), listen, margin, stop);
        return new ScenarioRunner(settings, progress::add);
    }

    private static Scenario scenario(Map<String, String> options) {
        PeerSpec peer = new PeerSpec("ferry", "io", CLASS_PATH, options);
        return new Scenario(peer, "listUser", 32, 100, Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofSeconds(1));
    }

    @Test
    void runsServerAndClientAndParsesTheResult() {
        Outcome outcome = runner(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(10))
                .run(scenario(Map.of()));

        assertThat(outcome.failure()).isNull();
        RunResult r = outcome.result();
        assertThat(r.peer()).isEqualTo("ferry");
        assertThat(r.variant()).isEqualTo("io");
        assertThat(r.operation()).isEqualTo("listUser");
        assertThat(r.concurrency()).isEqualTo(32);
        assertThat(r.throughput()).as("the port the server printed reached the client").isEqualTo(40123);
        assertThat(r.p999Micros()).isEqualTo(40);
        assertThat(progress).as("the server stopped when its input closed").isEmpty();
    }

    @Test
    void oneClientRunsSeveralScenariosInOrderAndAMissingReportFailsOnlyItsRow() throws Exception {
        ScenarioRunner runner = runner(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(10));
        PeerSpec peer = new PeerSpec("ferry", "io", CLASS_PATH, Map.of());
        List<Scenario> plan = List.of(
                new Scenario(peer, "getUser", 1, 100, Duration.ofMillis(100), Duration.ofMillis(200),
                        Duration.ofSeconds(1)),
                new Scenario(peer, "listUser", 32, 100, Duration.ofMillis(100), Duration.ofMillis(200),
                        Duration.ofSeconds(1)),
                new Scenario(peer, "echo", 32, 1024, Duration.ofMillis(100), Duration.ofMillis(200),
                        Duration.ofSeconds(1)));
        try (ScenarioRunner.Server server = runner.startServer(peer)) {
            List<Outcome> outcomes = runner.runClients(server, plan, Duration.ofMillis(100));
            assertThat(outcomes).extracting(Outcome::failed).containsExactly(false, false, false);
            assertThat(outcomes).extracting(o -> o.result().operation() + "@" + o.result().concurrency() + "@"
                    + o.result().payloadSize()).containsExactly("getUser@1@100", "listUser@32@100", "echo@32@1024");

            PeerSpec partial = new PeerSpec("ferry", "io", CLASS_PATH, Map.of("client", "partial"));
            List<Scenario> partialPlan = plan.stream().map(s -> new Scenario(partial, s.operation(),
                    s.concurrency(), s.payloadSize(), s.warmup(), s.window(), s.timeout())).toList();
            List<Outcome> some = runner.runClients(server, partialPlan, Duration.ZERO);
            assertThat(some).extracting(Outcome::failed).containsExactly(false, true, true);
            assertThat(some.get(2).failure()).contains("without a RESULT line");
        }
    }

    @Test
    void aServerServesSeveralClients() throws Exception {
        ScenarioRunner runner = runner(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(10));
        Scenario scenario = scenario(Map.of());
        try (ScenarioRunner.Server server = runner.startServer(scenario.peer())) {
            assertThat(server.port()).isEqualTo(40123);
            assertThat(runner.runClient(server, scenario).failed()).isFalse();
            assertThat(runner.runClient(server, scenario).failed()).isFalse();
            assertThat(server.isAlive()).isTrue();
        }
    }

    @Test
    void aServerThatNeverListensIsAFailedRowWithinTheTimeout() {
        long start = System.nanoTime();
        Outcome outcome = runner(Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofSeconds(1))
                .run(scenario(Map.of("server", "silent")));

        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.failure()).contains("did not print LISTENING within 3 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aServerThatExitsIsAFailedRowQuotingItsLog() {
        Outcome outcome = runner(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(1))
                .run(scenario(Map.of("server", "exit")));

        assertThat(outcome.failure()).contains("exited before printing LISTENING (exit code 2)")
                .contains("fake server: refusing to start");
    }

    @Test
    void aClientThatCrashesIsAFailedRow() {
        Outcome outcome = runner(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(10))
                .run(scenario(Map.of("client", "crash")));

        assertThat(outcome.failure()).contains("exited with code 3 without a RESULT line")
                .contains("fake client: cannot connect");
    }

    @Test
    void aClientThatHangsIsKilledAfterItsBound() {
        Outcome outcome = runner(Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(10))
                .run(scenario(Map.of("client", "hang")));

        assertThat(outcome.failure()).contains("did not end within 3 s; killed");
    }

    @Test
    void aServerThatIgnoresItsInputClosingIsTerminated() {
        Outcome outcome = runner(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(1))
                .run(scenario(Map.of("server", "stubborn")));

        assertThat(outcome.failed()).isFalse();
        assertThat(progress).anyMatch(line -> line.contains("did not exit within 1 s of its input closing"));
    }
}
