package io.ferryrpc.benchmark.runner;

import io.ferryrpc.benchmark.driver.ClientMain;
import io.ferryrpc.benchmark.driver.RunResult;
import io.ferryrpc.benchmark.driver.ServerMain;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs scenarios in separate JVMs: a peer's server ({@link ServerMain}) and, against it, one client
 * ({@link ClientMain}) per scenario, both with the same {@code java} and the same fixed JVM flags for every peer.
 *
 * <p>Every wait is bounded: the server must print {@code LISTENING <port>} within a timeout, the client must end
 * within its warm-up, window and call timeout plus a margin, and a server stops when its standard input is closed or
 * is killed (first politely, then forcibly) when it does not. Whatever goes wrong becomes a failed {@link Outcome},
 * never a hang. Each JVM's output goes to a log file, whose tail a failure quotes.
 */
public final class ScenarioRunner {

    /** The JVM flags every peer's server and client run with, so that no peer gets a better-tuned JVM. */
    public static final List<String> JVM_FLAGS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC",
            "-XX:+ExitOnOutOfMemoryError");

    /**
     * How the runner starts JVMs and how long it waits.
     *
     * @param java the {@code java} executable
     * @param jvmFlags the flags of every server and client JVM
     * @param serverMain the server's main class (the driver's {@link ServerMain}, or a test's)
     * @param clientMain the client's main class (the driver's {@link ClientMain}, or a test's)
     * @param listenTimeout how long a server may take to print {@code LISTENING}
     * @param clientMargin how much longer than warm-up + window + timeout a client may take (JVM start, connect)
     * @param stopTimeout how long a server may take to exit once its standard input closes
     * @param serverLifetime the server's own {@code --max-lifetime}, in case this JVM vanishes without closing it
     * @param logDir where every JVM's output is written
     */
    public record Settings(String java, List<String> jvmFlags, String serverMain, String clientMain,
            Duration listenTimeout, Duration clientMargin, Duration stopTimeout, Duration serverLifetime,
            Path logDir) {

        /** Copies the flags. */
        public Settings {
            jvmFlags = List.copyOf(jvmFlags);
        }

        /** Returns the settings of the real comparison, logging into {@code logDir}. */
        public static Settings defaults(Path logDir) {
            return new Settings(currentJava(), JVM_FLAGS, ServerMain.class.getName(), ClientMain.class.getName(),
                    Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofHours(3),
                    logDir);
        }

        /** Returns a copy with other main classes, JVM flags and timeouts; for tests. */
        public Settings with(List<String> flags, String server, String client, Duration listen, Duration margin,
                Duration stop) {
            return new Settings(java, flags, server, client, listen, margin, stop, serverLifetime, logDir);
        }
    }

    private final Settings settings;
    private final Consumer<String> progress;
    private final AtomicInteger serverCount = new AtomicInteger();
    private final Set<Process> live = Collections.synchronizedSet(new java.util.HashSet<>());

    /** Creates a runner that reports what it does (a server stopped forcibly, say) to {@code progress}. */
    public ScenarioRunner(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
        try {
            Files.createDirectories(settings.logDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + settings.logDir(), e);
        }
    }

    /** Returns the {@code java} executable this JVM runs on, so that every peer runs on the same one. */
    public static String currentJava() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Returns the settings. */
    public Settings settings() {
        return settings;
    }

    /** Runs one scenario on a server of its own: starts the server, runs the client, stops the server. */
    public Outcome run(Scenario scenario) {
        Server server;
        try {
            server = startServer(scenario.peer());
        } catch (ScenarioException e) {
            return Outcome.failed(scenario, e.getMessage());
        }
        try {
            return runClient(server, scenario);
        } finally {
            server.close();
        }
    }

    /**
     * Starts {@code peer}'s server JVM and waits, at most the listen timeout, for its {@code LISTENING} line.
     *
     * @throws ScenarioException if it exits or stays silent (it is killed then), naming its log
     */
    public Server startServer(PeerSpec peer) throws ScenarioException {
        Path log = settings.logDir().resolve((peer.peer() + "-" + peer.variant()).replaceAll("[^A-Za-z0-9._-]", "_")
                + "-server-" + serverCount.incrementAndGet() + ".log");
        List<String> command = new ArrayList<>(List.of(settings.java()));
        command.addAll(settings.jvmFlags());
        command.addAll(List.of("-cp", peer.classPath(), settings.serverMain(), "--peer", peer.peer(), "--host",
                "127.0.0.1", "--port", "0", "--max-lifetime", settings.serverLifetime().toMinutes() + "m"));
        addOptions(command, peer.options());
        Process process;
        try {
            Files.writeString(log, String.join(" ", command) + System.lineSeparator());
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new ScenarioException("cannot start the " + peer.label() + " server: " + e);
        }
        live.add(process);
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> pumpServerOutput(process, log, listening), "server-output-" + peer.label());
        reader.setDaemon(true);
        reader.start();
        Server server = new Server(peer, process, log);
        try {
            int port = listening.get(settings.listenTimeout().toMillis(), TimeUnit.MILLISECONDS);
            server.port = port;
            return server;
        } catch (TimeoutException e) {
            server.close();
            throw new ScenarioException("the " + peer.label() + " server did not print LISTENING within "
                    + settings.listenTimeout().toSeconds() + " s" + tail(log));
        } catch (ExecutionException e) {
            server.close();
            throw new ScenarioException("the " + peer.label() + " server " + e.getCause().getMessage() + tail(log));
        } catch (InterruptedException e) {
            server.close();
            Thread.currentThread().interrupt();
            throw new ScenarioException("interrupted while the " + peer.label() + " server started");
        }
    }

    private static void pumpServerOutput(Process process, Path log, CompletableFuture<Integer> listening) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
                BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.APPEND)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!listening.isDone() && line.startsWith("LISTENING ")) {
                    try {
                        listening.complete(Integer.parseInt(line.substring("LISTENING ".length()).trim()));
                    } catch (NumberFormatException e) {
                        listening.completeExceptionally(new IllegalStateException("printed a malformed line: " + line));
                    }
                }
                out.write(line);
                out.newLine();
                out.flush();
            }
        } catch (IOException e) {
            // The process is gone or being killed; what was read is in the log.
        }
        listening.completeExceptionally(new IllegalStateException("exited before printing LISTENING (exit code "
                + exitCode(process) + ")"));
    }

    private static String exitCode(Process process) {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "none yet";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Runs one scenario in a fresh client JVM against {@code server}; see {@link #runClients}. */
    public Outcome runClient(Server server, Scenario scenario) {
        return runClients(server, List.of(scenario), Duration.ZERO).get(0);
    }

    /**
     * Runs {@code scenarios} (one peer's, in order) in ONE client JVM against {@code server}, after a JIT warm-up
     * of {@code jitWarmup} in that JVM, and returns one outcome per scenario, in order. The client is bounded by the
     * sum of its durations plus a margin; a scenario it did not report becomes a failed row.
     */
    public List<Outcome> runClients(Server server, List<Scenario> scenarios, Duration jitWarmup) {
        Scenario first = scenarios.get(0);
        if (!server.process.isAlive()) {
            return failAll(scenarios, "the " + first.peer().label() + " server exited (code "
                    + server.process.exitValue() + ") before this scenario" + tail(server.log));
        }
        Path log = settings.logDir().resolve(first.fileName() + (scenarios.size() > 1 ? "-and-" + (scenarios.size()
                - 1) + "-more" : "") + "-client.log");
        StringBuilder list = new StringBuilder();
        Duration limit = jitWarmup.plus(settings.clientMargin());
        for (Scenario s : scenarios) {
            if (list.length() > 0) {
                list.append(',');
            }
            list.append(s.operation()).append('@').append(s.concurrency()).append('@').append(s.payloadSize());
            limit = limit.plus(s.warmup()).plus(s.window()).plus(s.timeout());
        }
        List<String> command = new ArrayList<>(List.of(settings.java()));
        command.addAll(settings.jvmFlags());
        command.addAll(List.of("-cp", first.peer().classPath(), settings.clientMain(),
                "--peer", first.peer().peer(), "--host", "127.0.0.1", "--port", Integer.toString(server.port),
                "--scenarios", list.toString(), "--jit-warmup", Args.formatDuration(jitWarmup),
                "--warmup", Args.formatDuration(first.warmup()), "--window", Args.formatDuration(first.window()),
                "--timeout", Args.formatDuration(first.timeout()), "--variant", first.peer().variant()));
        addOptions(command, first.peer().options());
        Process process;
        try {
            Files.writeString(log, String.join(" ", command) + System.lineSeparator());
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            return failAll(scenarios, "cannot start the client: " + e);
        }
        live.add(process);
        try {
            process.getOutputStream().close();
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> pumpLines(process, lines), "client-output-" + first.fileName());
            reader.setDaemon(true);
            reader.start();
            String ending = null;
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                ending = "the client did not end within " + limit.toSeconds() + " s; killed";
            }
            reader.join(5_000);
            appendToLog(log, lines);
            if (ending == null) {
                ending = "the client exited with code " + process.exitValue() + " without a RESULT line";
            }
            List<Outcome> outcomes = new ArrayList<>(scenarios.size());
            synchronized (lines) {
                int next = 0;
                for (String line : lines) {
                    if (line.startsWith(RunResult.LINE_PREFIX) && next < scenarios.size()) {
                        Scenario scenario = scenarios.get(next++);
                        try {
                            outcomes.add(Outcome.measured(scenario, Outcome.runResult(Json.parseObject(
                                    line.substring(RunResult.LINE_PREFIX.length())))));
                        } catch (IllegalArgumentException e) {
                            outcomes.add(Outcome.failed(scenario, "the client's RESULT line cannot be read: "
                                    + e.getMessage()));
                        }
                    }
                }
            }
            for (Scenario missing : scenarios.subList(outcomes.size(), scenarios.size())) {
                outcomes.add(Outcome.failed(missing, ending + tail(log)));
            }
            return outcomes;
        } catch (IOException e) {
            kill(process);
            return failAll(scenarios, "cannot talk to the client: " + e);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return failAll(scenarios, "interrupted");
        } finally {
            live.remove(process);
        }
    }

    private static List<Outcome> failAll(List<Scenario> scenarios, String reason) {
        return scenarios.stream().map(s -> Outcome.failed(s, reason)).toList();
    }

    private static void pumpLines(Process process, List<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The process was killed; the lines read so far are kept.
        }
    }

    private static void appendToLog(Path log, List<String> lines) {
        try {
            synchronized (lines) {
                Files.write(log, lines, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            // The log is a convenience; the result is already in hand.
        }
    }

    private static void addOptions(List<String> command, Map<String, String> options) {
        options.forEach((k, v) -> {
            command.add("--option");
            command.add(k + "=" + v);
        });
    }

    /** Returns the last lines of a log, to quote in a failure. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(1, lines.size() - 3), lines.size());
            return last.isEmpty() ? " (log " + log + " is empty)"
                    : " (log " + log + " ends: " + String.join(" | ", last) + ")";
        } catch (IOException | java.io.UncheckedIOException e) {
            return " (log " + log + ")";
        }
    }

    /** Kills every server and client JVM still running; for a shutdown hook. */
    public void killAll() {
        List<Process> all;
        synchronized (live) {
            all = new ArrayList<>(live);
        }
        all.forEach(ScenarioRunner::kill);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs one scenario and prints its {@code RESULT} line (or {@code FAILED reason}, exit code 1).
     *
     * <p>{@code --peer NAME [--variant executor|io] [--op getUser] [--concurrency 32] [--warmup 5s] [--window 10s]
     * [--timeout 3s] [--payload 100] [--repo .] [--out rpc-benchmark/results] [--option key=value]...}
     */
    public static void main(String[] args) {
        Args a = new Args(args, Set.of());
        Path repo = Path.of(a.string("repo", ".")).toAbsolutePath().normalize();
        String peerName = a.string("peer", "ferry");
        String variant = a.string("variant", peerName.equals("ferry") ? a.options().getOrDefault("dispatch",
                PeerCatalog.FERRY_VARIANTS.get(0)) : null);
        PeerSpec base = PeerCatalog.resolve(repo, List.of(variant == null ? peerName : peerName + ":" + variant))
                .get(0);
        Map<String, String> options = new java.util.LinkedHashMap<>(base.options());
        options.putAll(a.options());
        PeerSpec peer = new PeerSpec(base.peer(), base.variant(), base.classPath(), options);
        Scenario scenario = new Scenario(peer, a.string("op", "getUser"), a.integer("concurrency", 32),
                a.integer("payload", 100), a.duration("warmup", Duration.ofSeconds(5)),
                a.duration("window", Duration.ofSeconds(10)), a.duration("timeout", Duration.ofSeconds(3)));
        Path logs = Path.of(a.string("out", repo.resolve("rpc-benchmark/results").toString())).resolve("logs");
        ScenarioRunner runner = new ScenarioRunner(Settings.defaults(logs), System.out::println);
        Runtime.getRuntime().addShutdownHook(new Thread(runner::killAll, "kill-benchmark-jvms"));
        System.out.println("running " + scenario.describe() + " (JVM flags " + String.join(" ", JVM_FLAGS)
                + "; logs in " + logs + ")");
        Outcome outcome = runner.run(scenario);
        if (outcome.failed()) {
            System.out.println("FAILED " + outcome.failure());
            System.exit(1);
        }
        RunResult r = outcome.result();
        System.out.println(String.format(java.util.Locale.ROOT, "%s %s c=%d: %.0f calls/s, p50 %.1f us, p99 %.1f us,"
                + " p99.9 %.1f us, client CPU %.1f us/call, %d errors (%d timeouts)", outcome.label(), r.operation(),
                r.concurrency(), r.throughput(), r.p50Micros(), r.p99Micros(), r.p999Micros(),
                r.clientCpuMicrosPerCall(), r.errors(), r.timeouts()));
        System.out.println(RunResult.LINE_PREFIX + r.toJson());
        System.exit(0);
    }

    /** A running server JVM; {@link #close()} stops it. */
    public final class Server implements AutoCloseable {
        private final PeerSpec peer;
        private final Process process;
        private final Path log;
        private volatile int port = -1;
        private boolean closed;

        private Server(PeerSpec peer, Process process, Path log) {
            this.peer = peer;
            this.process = process;
            this.log = log;
        }

        /** Returns the port it printed. */
        public int port() {
            return port;
        }

        /** Returns the peer it serves. */
        public PeerSpec peer() {
            return peer;
        }

        /** Returns whether the JVM is still running. */
        public boolean isAlive() {
            return process.isAlive();
        }

        /** Returns the JVM's process ID. */
        public long pid() {
            return process.pid();
        }

        /**
         * Stops the server: closes its standard input (the server's signal to stop) and waits the stop timeout;
         * then asks the JVM to terminate and, 5 s later, kills it. Idempotent.
         */
        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                try {
                    process.getOutputStream().close();
                } catch (IOException e) {
                    // Already closed by the process's end: it is stopping anyway.
                }
                if (process.waitFor(settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
                progress.accept("the " + peer.label() + " server did not exit within "
                        + settings.stopTimeout().toSeconds() + " s of its input closing; terminating it");
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    progress.accept("the " + peer.label() + " server ignored SIGTERM; killing it");
                    kill(process);
                }
            } catch (InterruptedException e) {
                kill(process);
                Thread.currentThread().interrupt();
            } finally {
                live.remove(process);
            }
        }
    }

    /** Why a server could not be started; its message is the failed row's reason. */
    public static final class ScenarioException extends Exception {
        private static final long serialVersionUID = 1L;

        /** Creates an exception with a reason for the report. */
        public ScenarioException(String message) {
            super(message);
        }
    }
}
