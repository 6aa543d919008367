package io.ferryrpc.benchmark.runner;

import io.ferryrpc.benchmark.driver.RunResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the whole comparison and writes the raw results (JSON lines) and the report ({@code docs/benchmarks.md}
 * between its result markers, charts in {@code docs/img/}).
 *
 * <p>{@code [--quick] [--peers ferry,netty,http,dubbo] [--sections core,concurrency,payload,registry]
 * [--out rpc-benchmark/results] [--docs docs/benchmarks.md] [--repo .] [--from results.jsonl]
 * [--registry-consumers 100] [--registry-changes 20] [--registry-mode client]}
 *
 * <p>Each peer's server JVM is started once and serves all of that peer's scenarios, one client JVM each; a server
 * that dies is started again for the next scenario. {@code --from} re-renders the report from a results file
 * without running anything. Dubbo rewrites 127.0.0.1 to the host's address, so compare.sh runs this main inside a
 * network namespace with only loopback.
 */
public final class Compare {

    /** Every section, in report order. */
    public static final List<String> SECTIONS = List.of("core", "concurrency", "payload", "registry");

    private static final Duration REGISTRY_BOUND = Duration.ofMinutes(10);

    private Compare() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        Args a = new Args(args, Set.of("quick"));
        Path repo = Path.of(a.string("repo", ".")).toAbsolutePath().normalize();
        Path docs = repo.resolve(a.string("docs", "docs/benchmarks.md"));
        if (a.has("from")) {
            render(Path.of(a.string("from", "")), docs);
            return;
        }
        boolean quick = a.flag("quick");
        Duration warmup = a.duration("warmup", quick ? Duration.ofSeconds(2) : Duration.ofSeconds(5));
        Duration window = a.duration("window", quick ? Duration.ofSeconds(3) : Duration.ofSeconds(10));
        Duration timeout = a.duration("timeout", Duration.ofSeconds(3));
        Duration jitWarmup = a.duration("jit-warmup", quick ? Duration.ofSeconds(10) : Duration.ofSeconds(30));
        List<String> sections = List.of(a.string("sections", String.join(",", SECTIONS)).split(","));
        for (String s : sections) {
            if (!SECTIONS.contains(s)) {
                throw new IllegalArgumentException("unknown section " + s + " (expected some of " + SECTIONS + ")");
            }
        }
        List<String> peerNames = List.of(a.string("peers", String.join(",", PeerCatalog.NAMES)).split(","));
        String stamp = ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmmss'Z'"));
        Path out = Path.of(a.string("out", repo.resolve("rpc-benchmark/results").toString())).toAbsolutePath();
        Files.createDirectories(out);
        Path results = out.resolve(stamp + ".jsonl");
        Path logs = out.resolve("logs-" + stamp);

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("kind", "environment");
        environment.put("date", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern(
                "yyyy-MM-dd HH:mm 'UTC'")));
        environment.putAll(MachineInfo.describe());
        environment.put("jvmFlags", String.join(" ", ScenarioRunner.JVM_FLAGS));
        environment.put("sections", String.join(", ", sections));
        environment.put("mode", quick ? "quick" : "full");
        environment.put("warmup", warmup.toSeconds() + " s");
        environment.put("window", window.toSeconds() + " s");
        environment.put("jitWarmup", jitWarmup.toSeconds() + " s");
        environment.put("command", ("rpc-benchmark/compare.sh " + commandLine(args)).trim());
        appendLine(results, toJson(environment));
        System.out.println("raw results: " + results + "; JVM logs: " + logs);

        ScenarioRunner runner = new ScenarioRunner(ScenarioRunner.Settings.defaults(logs), System.out::println);
        Runtime.getRuntime().addShutdownHook(new Thread(runner::killAll, "kill-benchmark-jvms"));
        boolean peerSections = sections.stream().anyMatch(s -> !s.equals("registry"));
        for (String name : peerSections ? peerNames : List.<String>of()) {
            List<PeerSpec> specs;
            try {
                specs = PeerCatalog.resolve(repo, List.of(name));
            } catch (IllegalStateException e) {
                // A module that is not built fails its peer's rows, not the whole comparison.
                String variant = name.contains(":") ? name.substring(name.indexOf(':') + 1) : PeerSpec.DEFAULT_VARIANT;
                PeerSpec unbuilt = new PeerSpec(name.contains(":") ? name.substring(0, name.indexOf(':')) : name,
                        variant, "", Map.of());
                for (Scenario s : plan(unbuilt, sections, quick, warmup, window, timeout)) {
                    Outcome failed = Outcome.failed(s, e.getMessage());
                    appendLine(results, failed.toJson());
                    System.out.println(summary(failed));
                }
                continue;
            }
            for (PeerSpec peer : specs) {
                runPeer(runner, peer, plan(peer, sections, quick, warmup, window, timeout), jitWarmup, results);
            }
        }
        if (sections.contains("registry")) {
            String registryLine = runRegistry(repo, logs, a.integer("registry-consumers", 100),
                    a.integer("registry-changes", quick ? 10 : 20), a.string("registry-mode", "client"));
            appendLine(results, registryLine);
        }
        render(results, docs);
    }

    /** Returns the distinct scenarios {@code peer} runs for {@code sections}, in running order. */
    static List<Scenario> plan(PeerSpec peer, List<String> sections, boolean quick, Duration warmup, Duration window,
            Duration timeout) {
        Set<List<Object>> seen = new LinkedHashSet<>();
        List<Scenario> plan = new ArrayList<>();
        java.util.function.BiConsumer<String, int[]> add = (op, cp) -> {
            if (seen.add(List.of(op, cp[0], cp[1]))) {
                plan.add(new Scenario(peer, op, cp[0], cp[1], warmup, window, timeout));
            }
        };
        if (sections.contains("core")) {
            for (String op : Report.CORE_OPERATIONS) {
                for (int c : Report.CORE_CONCURRENCY) {
                    add.accept(op, new int[] {c, Report.DEFAULT_PAYLOAD});
                }
            }
        }
        if (sections.contains("concurrency")) {
            for (int c : quick ? Report.QUICK_CURVE_CONCURRENCY : Report.CURVE_CONCURRENCY) {
                add.accept(Report.CURVE_OPERATION, new int[] {c, Report.DEFAULT_PAYLOAD});
            }
        }
        if (sections.contains("payload")) {
            for (int size : quick ? Report.QUICK_PAYLOAD_SIZES : Report.PAYLOAD_SIZES) {
                add.accept("echo", new int[] {Report.REFERENCE_CONCURRENCY, size});
            }
        }
        return plan;
    }

    /**
     * Runs all of {@code peer}'s scenarios against one server JVM from one client JVM, which first warms its JIT for
     * {@code jitWarmup}: JVM start-up and compilation are then paid once per peer, as in a long-running service,
     * instead of inside every scenario's window.
     */
    private static void runPeer(ScenarioRunner runner, PeerSpec peer, List<Scenario> plan, Duration jitWarmup,
            Path results) throws IOException {
        ScenarioRunner.Server server;
        try {
            server = runner.startServer(peer);
        } catch (ScenarioRunner.ScenarioException e) {
            for (Scenario s : plan) {
                Outcome failed = Outcome.failed(s, e.getMessage());
                appendLine(results, failed.toJson());
                System.out.println(summary(failed));
            }
            return;
        }
        try {
            for (Outcome outcome : runner.runClients(server, plan, jitWarmup)) {
                appendLine(results, outcome.toJson());
                System.out.println(summary(outcome));
            }
        } finally {
            server.close();
        }
    }

    private static String summary(Outcome o) {
        String what = o.label() + " " + o.operation() + " c=" + o.concurrency()
                + (o.operation().equals("echo") ? " payload=" + o.payloadSize() : "");
        if (o.failed()) {
            return "FAILED " + what + ": " + o.failure();
        }
        return String.format(java.util.Locale.ROOT, "%s: %.0f calls/s, p50 %.1f us, p99 %.1f us, p99.9 %.1f us, "
                + "%d errors", what, o.result().throughput(), o.result().p50Micros(), o.result().p99Micros(),
                o.result().p999Micros(), o.result().errors());
    }

    /**
     * Runs the registry propagation bench (module bench-registry) in its own JVM, bounded, and returns its result
     * as a raw-results line; a failure is a line with {@code failed}.
     */
    static String runRegistry(Path repo, Path logs, int consumers, int changes, String mode) throws IOException {
        String classPath;
        try {
            classPath = PeerCatalog.classPath(repo.resolve("rpc-benchmark/bench-registry"));
        } catch (IllegalStateException e) {
            return registryFailure(e.getMessage());
        }
        Files.createDirectories(logs);
        Path log = logs.resolve("registry.log");
        List<String> command = new ArrayList<>(List.of(ScenarioRunner.currentJava(), "-Xms1g", "-Xmx1g",
                "-XX:+UseG1GC", "-cp", classPath, "io.ferryrpc.benchmark.registry.ProviderListPropagation",
                "--consumers", Integer.toString(consumers), "--changes", Integer.toString(changes), "--mode", mode));
        System.out.println("running the registry propagation bench: " + consumers + " consumers, " + changes
                + " changes (log " + log + ")");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        process.getOutputStream().close();
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                    System.out.println("  registry: " + line);
                }
            } catch (IOException e) {
                // Killed; what was read is kept.
            }
        }, "registry-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(REGISTRY_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return registryFailure("did not end within " + REGISTRY_BOUND.toMinutes() + " min; killed"
                        + ScenarioRunner.tail(log));
            }
            reader.join(5_000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return registryFailure("interrupted");
        }
        synchronized (lines) {
            for (String line : lines) {
                if (line.startsWith("RESULT ")) {
                    // Parsed only to check it: a malformed line must fail here, not when the report is rendered.
                    Json.parseObject(line.substring("RESULT ".length()));
                    return "{\"kind\":\"registry\"," + line.substring("RESULT {".length());
                }
            }
        }
        return registryFailure("exited with code " + process.exitValue() + " without a RESULT line"
                + ScenarioRunner.tail(log));
    }

    private static String registryFailure(String reason) {
        System.out.println("FAILED registry propagation: " + reason);
        return "{\"kind\":\"registry\",\"failed\":" + RunResult.quote(reason) + "}";
    }

    /** Renders the report from a raw-results file into {@code docs} and the charts beside it in {@code img/}. */
    @SuppressWarnings("unchecked")
    static void render(Path results, Path docs) throws IOException {
        Map<String, Object> environment = Map.of();
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, Object> registry = null;
        for (String line : Files.readAllLines(results, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> m = Json.parseObject(line);
            switch (String.valueOf(m.get("kind"))) {
                case "environment" -> environment = m;
                case Outcome.KIND -> outcomes.add(Outcome.fromJson(m));
                case "registry" -> registry = m;
                default -> throw new IllegalArgumentException("unknown line kind in " + results + ": " + line);
            }
        }
        Report.Rendered rendered = new Report(environment, outcomes, registry, "img").render();
        Path imageDir = docs.toAbsolutePath().getParent().resolve("img");
        Files.createDirectories(imageDir);
        for (Map.Entry<String, String> image : rendered.images().entrySet()) {
            Files.writeString(imageDir.resolve(image.getKey()), image.getValue(), StandardCharsets.UTF_8);
        }
        DocsFile.update(docs, rendered.sections());
        System.out.println("wrote " + docs + " (sections " + rendered.sections().keySet() + ") and "
                + rendered.images().size() + " charts in " + imageDir);
    }

    private static void appendLine(Path file, String line) {
        try {
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String toJson(Map<String, String> map) {
        StringBuilder b = new StringBuilder("{");
        map.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(RunResult.quote(k)).append(':')
                .append(RunResult.quote(v)));
        return b.append('}').toString();
    }

    /** Returns the arguments as the user gave them: without the {@code --repo} that compare.sh adds. */
    static String commandLine(String[] args) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--repo") && i + 1 < args.length) {
                i++;
            } else {
                shown.add(args[i]);
            }
        }
        return String.join(" ", shown);
    }
}
