package io.ferryrpc.registry.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ferryrpc.registry.chaos.CallRecord.Call;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Faults across real network boundaries. ZooKeeper, three {@link LedgerService} providers and one consumer each run
 * in a JVM of their own, in a network namespace of their own (10.251.0.0/24 behind a bridge in a switch namespace;
 * see {@link NetworkNamespaces}); this JVM stays in the root namespace, cuts links and sends signals, and reads what
 * the others wrote down. Each test puts one fault under load from 8 callers and then checks the promises from the
 * consumer's outcomes and the providers' executions: no idempotent call is lost, no non-idempotent call runs twice,
 * and traffic returns within a stated bound. Each prints one line of what it measured.
 *
 * <p>Skipped, saying why, where network namespaces are not allowed (not root, no iproute2).
 */
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkChaosTest {

    private static final String ZK_ADDRESS = "10.251.0.10";
    private static final int ZK_PORT = 2181;
    private static final int CALLERS = 8;
    private static final long TIMEOUT = LedgerService.TIMEOUT_MILLIS;
    /** Providers' ZooKeeper session: outlives the link-down and SIGSTOP holds, so those test the consumer alone. */
    private static final Duration PROVIDER_SESSION = Duration.ofSeconds(8);
    /** How long each fault is held: longer than the call timeout and the heartbeat's three silent intervals. */
    private static final Duration HOLD = Duration.ofSeconds(3);

    /** Every idempotent call ends within its timeout; this is the slack for a loaded machine. */
    private static final long FAILOVER_BOUND_MILLIS = TIMEOUT + 1_000;
    /**
     * A restored provider answers again within this: its outlier ejection (1 s doubling per failed probe, at most
     * 4 s after a 3 s hold) plus a reconnect, with room for a loaded 2-core machine.
     */
    private static final long RECOVERY_BOUND_MILLIS = 15_000;
    /** After a kill -9, every call started this long after it succeeds on the remaining providers. */
    private static final long KILL_RECOVERY_BOUND_MILLIS = TIMEOUT + 2_000;
    /** A killed provider is gone from the consumer's view within its session timeout plus this. */
    private static final long REGISTRY_REMOVAL_SLACK_MILLIS = 10_000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static NetworkNamespaces network;
    private static NetworkNamespaces.Node zkNode;
    private static NetworkNamespaces.Node consumerNode;
    private static final Map<String, NetworkNamespaces.Node> providerNodes = new ConcurrentHashMap<>();
    private static final Map<String, Process> providers = new ConcurrentHashMap<>();
    private static final List<Path> executionFiles = new ArrayList<>();
    private static final List<Process> children = new ArrayList<>();
    private static final Map<Process, Path> outputs = new ConcurrentHashMap<>();
    private static Path logs;
    private static Path dir;
    private static Process zookeeper;
    private static int starts;

    private Process consumer;
    private long warmFrom;
    private Path outcomes;
    private String prefix;

    @BeforeAll
    static void buildNetwork() throws Exception {
        Optional<String> unavailable = NetworkNamespaces.unavailableReason();
        assumeTrue(unavailable.isEmpty(), () -> "skipped: " + unavailable.orElse("") + "; the chaos tests run "
                + "ZooKeeper, providers and consumer in network namespaces of their own");
        // Everything the children write stays in target/ for a post-mortem; each run starts afresh.
        logs = Path.of("target", "chaos-logs");
        deleteTree(logs);
        Files.createDirectories(logs);
        dir = logs;
        network = NetworkNamespaces.create("ferry-chaos");
        zkNode = network.addNode("zk", ZK_ADDRESS + "/24");
        consumerNode = network.addNode("c", "10.251.0.20/24");
        for (int i = 1; i <= 3; i++) {
            providerNodes.put("p" + i, network.addNode("p" + i, "10.251.0." + (10 + i) + "/24"));
        }
        zookeeper = start(zkNode, "zookeeper", ChaosZooKeeperMain.class, ZK_ADDRESS, String.valueOf(ZK_PORT));
        awaitLine(zookeeper, "READY");
        for (String name : List.of("p1", "p2", "p3")) {
            providers.put(name, startProvider(name));
        }
        for (String name : List.of("p1", "p2", "p3")) {
            awaitLine(providers.get(name), "PORT=");
        }
    }

    @AfterAll
    static void tearDownNetwork() throws Exception {
        if (network == null) {
            return;
        }
        List<String> created = network.namespaces();
        try {
            for (Process p : children) {
                if (p.isAlive()) {
                    // A stopped JVM cannot read the end of its input.
                    p.toHandle().descendants().forEach(jvm -> sendSignal(jvm, "CONT"));
                    p.getOutputStream().close();
                }
            }
            for (Process p : children) {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            network.close();
        }
        assertThat(children).as("child JVMs").noneMatch(Process::isAlive);
        List<String> left = NetworkNamespaces.run("ip", "netns", "list");
        assertThat(left).as("namespaces left behind").noneMatch(line -> created.stream().anyMatch(line::startsWith));
        assertThat(NetworkNamespaces.run("ip", "-o", "link", "show")).as("links in the root namespace")
                .noneMatch(line -> line.contains(" n-") || line.contains(" s-p") || line.contains("br0"));
    }

    @BeforeEach
    void startConsumer(org.junit.jupiter.api.TestInfo info) throws Exception {
        // A provider killed by an earlier test is replaced (on a new port: a new provider to the consumer).
        for (String name : List.of("p1", "p2", "p3")) {
            if (!providers.get(name).isAlive()) {
                providers.put(name, startProvider(name));
                awaitLine(providers.get(name), "PORT=");
            }
        }
        prefix = info.getTestMethod().orElseThrow().getName();
        outcomes = dir.resolve(prefix + ".calls");
        consumer = start(consumerNode, "consumer-" + prefix, ChaosConsumerMain.class, ZK_ADDRESS + ":" + ZK_PORT,
                outcomes.toString(), String.valueOf(CALLERS), prefix, "120");
        awaitLine(consumer, "STARTED");
        // Steady state first: a whole second without a failure in which every provider took its share (an
        // ejected one would take none). Only calls started after that count: the first calls of cold JVMs may time
        // out and get providers ejected, which is warm-up, not the fault under test.
        warmFrom = 0;
        await("a clean second with all three providers answering").atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    long to = System.currentTimeMillis() - 1_500;
                    List<Call> window = record().calls(c -> c.startMillis() >= to - 1_000 && c.startMillis() < to);
                    return window.stream().allMatch(c -> c.ok() && c.attempts().size() == 1)
                            && List.of("p1", "p2", "p3").stream().allMatch(
                                    p -> window.stream().filter(c -> c.provider().equals(p)).count() >= 20);
                });
        warmFrom = System.currentTimeMillis();
    }

    @AfterEach
    void stopConsumer() throws Exception {
        if (consumer != null && consumer.isAlive()) {
            consumer.getOutputStream().close();
            if (!consumer.waitFor(20, TimeUnit.SECONDS)) {
                consumer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    @Order(1)
    void linkDownMidStream() throws Exception {
        NetworkNamespaces.Node cut = providerNodes.get("p1");
        long down = System.currentTimeMillis();
        network.linkDown(cut);
        holdFault(down);
        long up = System.currentTimeMillis();
        network.linkUp(cut);
        long recovery = awaitTraffic("p1", up);
        CallRecord run = finish(up);

        List<Call> during = run.calls(c -> c.endMillis() >= down && c.startMillis() <= up);
        long failover = during.stream().filter(Call::idempotent).mapToLong(Call::millis).max().orElse(0);
        long sentToCut = run.count(c -> c.startMillis() >= down && c.startMillis() < up && c.attempted(cut.address()));
        System.out.println(run.summary("link-down", "sentToCutProvider=" + sentToCut + ", failover=" + failover
                + "ms (bound " + FAILOVER_BOUND_MILLIS + "), recovery=" + recovery + "ms (bound "
                + RECOVERY_BOUND_MILLIS + ")"));

        assertPromises(run);
        assertThat(providerLists()).as("the consumer's provider lists: the cut outlived no session, so what brought "
                + "the provider back was the consumer's own probe and reconnect")
                .allSatisfy(list -> assertThat(list).contains(cut.address() + ":"));
        assertThat(run.count(c -> c.idempotent() && c.attempts().size() > 1 && c.attempted(cut.address())))
                .as("idempotent calls that failed over from the cut provider").isPositive();
        assertThat(failover).as("slowest idempotent call during the cut, ms").isLessThanOrEqualTo(FAILOVER_BOUND_MILLIS);
        assertThat(run.calls(c -> !c.ok())).as("failures are typed and say the call may have run")
                .allSatisfy(c -> assertThat(c.outcome()).isIn("TIMEOUT", "CONNECTION_FAILED"));
        assertThat(recovery).as("ms until the restored provider answered").isLessThanOrEqualTo(RECOVERY_BOUND_MILLIS);
    }

    @Test
    @Order(2)
    void killMinusNineMidCall() throws Exception {
        NetworkNamespaces.Node victim = providerNodes.get("p2");
        Process process = providers.get("p2");
        ProcessHandle java = jvmOf(process);
        long killed = System.currentTimeMillis();
        assertThat(java.destroyForcibly()).as("SIGKILL sent").isTrue();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("kill -9 ends the provider").isTrue();
        // The dead provider's session expires and the consumer's registry watch drops it.
        await("the dead provider gone from the registry").atMost(Duration.ofMillis(
                PROVIDER_SESSION.toMillis() + REGISTRY_REMOVAL_SLACK_MILLIS + 5_000)).pollInterval(Duration.ofMillis(100))
                .until(() -> providerLists().stream().skip(1).anyMatch(list -> !list.contains(victim.address() + ":")));
        long unregistered = System.currentTimeMillis() - killed;
        CallRecord run = finish(System.currentTimeMillis());

        long removed = lastAttempt(run, victim, killed) - killed;
        long recovery = run.calls(c -> !c.ok() && c.startMillis() >= killed - TIMEOUT).stream()
                .mapToLong(Call::endMillis).max().orElse(killed) - killed;
        System.out.println(run.summary("kill-9", "inFlightFailed=" + run.count(c -> !c.ok()) + ", recovery="
                + recovery + "ms (every call started " + KILL_RECOVERY_BOUND_MILLIS + "ms after the kill succeeds), "
                + "lastAttemptToDead=" + removed + "ms, leftRegistry=" + unregistered + "ms (bound: session "
                + PROVIDER_SESSION.toMillis() + "ms + " + REGISTRY_REMOVAL_SLACK_MILLIS + ")"));

        assertPromises(run);
        assertThat(run.calls(c -> c.startMillis() >= killed + KILL_RECOVERY_BOUND_MILLIS))
                .as("calls started after the recovery bound").isNotEmpty().allSatisfy(c ->
                        assertThat(c.ok()).as("%s", c).isTrue());
        assertThat(run.calls(c -> !c.ok())).allSatisfy(c -> assertThat(c.outcome())
                .isIn("TIMEOUT", "CONNECTION_FAILED"));
        assertThat(removed).as("ms until the consumer stopped trying the dead provider")
                .isLessThanOrEqualTo(PROVIDER_SESSION.toMillis() + REGISTRY_REMOVAL_SLACK_MILLIS);
        assertThat(unregistered).as("ms until the dead provider left the registry")
                .isLessThanOrEqualTo(PROVIDER_SESSION.toMillis() + REGISTRY_REMOVAL_SLACK_MILLIS);
    }

    @Test
    @Order(3)
    void stopLongerThanTheTimeout() throws Exception {
        NetworkNamespaces.Node paused = providerNodes.get("p3");
        Process process = providers.get("p3");
        long stopped = System.currentTimeMillis();
        signal(process, "STOP");
        long resumed;
        try {
            holdFault(stopped);
        } finally {
            resumed = System.currentTimeMillis();
            signal(process, "CONT");
        }
        long recovery = awaitTraffic("p3", resumed);
        CallRecord run = finish(resumed);

        long timedOut = run.count(c -> !c.idempotent() && c.outcome().equals("TIMEOUT") && c.attempted(paused.address()));
        long failover = run.calls(c -> c.endMillis() >= stopped && c.startMillis() <= resumed).stream()
                .filter(Call::idempotent).mapToLong(Call::millis).max().orElse(0);
        System.out.println(run.summary("sigstop", "timedOutOnStopped=" + timedOut + ", failover=" + failover
                + "ms (bound " + FAILOVER_BOUND_MILLIS + "), recovery=" + recovery + "ms (bound "
                + RECOVERY_BOUND_MILLIS + ")"));

        assertPromises(run);
        assertThat(providerLists()).as("the consumer's provider lists: the pause outlived no session")
                .allSatisfy(list -> assertThat(list).contains(paused.address() + ":"));
        assertThat(timedOut).as("non-idempotent calls to the stopped provider that timed out").isPositive();
        assertThat(run.count(c -> c.idempotent() && c.attempts().size() > 1 && c.attempted(paused.address())))
                .as("idempotent calls retried away from the stopped provider").isPositive();
        assertThat(failover).as("slowest idempotent call during the stop, ms").isLessThanOrEqualTo(FAILOVER_BOUND_MILLIS);
        assertThat(run.calls(c -> !c.ok())).allSatisfy(c -> assertThat(c.outcome())
                .isIn("TIMEOUT", "CONNECTION_FAILED"));
        assertThat(recovery).as("ms until the resumed provider answered").isLessThanOrEqualTo(RECOVERY_BOUND_MILLIS);
    }

    /** The promises every scenario keeps. */
    private static void assertPromises(CallRecord run) {
        assertThat(run.calls()).as("calls made").hasSizeGreaterThan(100);
        assertThat(run.violations()).as("broken promises").isEmpty();
        assertThat(run.duplicated()).as("non-idempotent calls that ran twice").isZero();
        assertThat(run.lost()).as("idempotent calls lost").isZero();
    }

    /** Keeps the fault for {@link #HOLD}, and until the consumer has gone on calling through it. */
    private void holdFault(long since) {
        await("the fault held for " + HOLD).atMost(HOLD.plusSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> System.currentTimeMillis() - since >= HOLD.toMillis()
                        && record().count(c -> c.ok() && c.startMillis() >= since) >= 50);
    }

    /** Waits until {@code provider} answers a call started after {@code since}; returns how long that took. */
    private long awaitTraffic(String provider, long since) {
        await(provider + " answering again").atMost(Duration.ofMillis(RECOVERY_BOUND_MILLIS + 15_000))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> record().count(c -> c.ok() && c.provider().equals(provider) && c.startMillis() >= since)
                        > 0);
        return record().calls(c -> c.ok() && c.provider().equals(provider) && c.startMillis() >= since).stream()
                .mapToLong(Call::endMillis).min().orElseThrow() - since;
    }

    /** Lets the load run on for a second after {@code since}, stops the consumer and reads the whole run. */
    private CallRecord finish(long since) throws Exception {
        await("a second of calls after the fault").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> record().count(c -> c.startMillis() >= since + 1_000) > 0);
        consumer.getOutputStream().close();
        assertThat(consumer.waitFor(20, TimeUnit.SECONDS)).as("consumer stops when its input closes").isTrue();
        assertThat(consumer.exitValue()).as("consumer's exit status").isZero();
        return record();
    }

    /** The provider lists the consumer logged (its registry directory logs each change), oldest first. */
    private List<String> providerLists() throws IOException {
        Path err = logs.resolve("consumer-" + prefix + ".err");
        return Files.readAllLines(err, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("RegistryDirectory - providers of "))
                .map(line -> line.substring(line.lastIndexOf('['))).toList();
    }

    private static long lastAttempt(CallRecord run, NetworkNamespaces.Node node, long since) {
        return run.calls(c -> c.endMillis() >= since && c.attempted(node.address())).stream()
                .mapToLong(Call::endMillis).max().orElse(since);
    }

    private CallRecord record() {
        try {
            return CallRecord.read(outcomes, executionFiles, prefix, warmFrom);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static synchronized Process startProvider(String name) throws IOException {
        starts++;
        Path executions = dir.resolve(name + "-" + starts + ".executions");
        executionFiles.add(executions);
        NetworkNamespaces.Node node = providerNodes.get(name);
        return start(node, name + "-" + starts, LedgerProviderMain.class, ZK_ADDRESS + ":" + ZK_PORT,
                node.address(), name, executions.toString(), String.valueOf(PROVIDER_SESSION.toMillis()));
    }

    /** Starts {@code main} in its own JVM inside {@code node}'s namespace; output goes to target/chaos-logs. */
    private static synchronized Process start(NetworkNamespaces.Node node, String logName, Class<?> main,
            String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Dio.netty.leakDetection.level=paranoid",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process p = network.exec(node, command)
                .redirectOutput(logs.resolve(logName + ".out").toFile())
                .redirectError(logs.resolve(logName + ".err").toFile())
                .start();
        children.add(p);
        outputs.put(p, logs.resolve(logName + ".out"));
        return p;
    }

    private static void awaitLine(Process process, String prefix) {
        Path out = outputs.get(process);
        await(out.getFileName() + " saying " + prefix).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(out + ": exited with " + process.exitValue() + " before "
                                + prefix + "; see its .err file");
                    }
                    return Files.exists(out) && Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                            .anyMatch(line -> line.startsWith(prefix));
                });
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Sends {@code signal} to the JVM that {@code process} ({@code ip netns exec}) runs. */
    private static void signal(Process process, String signal) {
        sendSignal(jvmOf(process), signal);
    }

    private static void sendSignal(ProcessHandle jvm, String signal) {
        try {
            NetworkNamespaces.run("kill", "-" + signal, String.valueOf(jvm.pid()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal, e);
        }
    }

    /** Returns the JVM that {@code process} runs: {@code ip netns exec} forks it, and it prints its pid first. */
    private static ProcessHandle jvmOf(Process process) {
        Path out = outputs.get(process);
        long pid = await("the pid of the JVM under " + process.pid()).atMost(Duration.ofSeconds(30))
                .until(() -> Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                        .filter(line -> line.startsWith("PID=")).findFirst(), Optional::isPresent)
                .map(line -> Long.parseLong(line.substring(4).strip())).orElseThrow();
        return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("JVM " + pid + " is gone"));
    }}
