package io.ferryrpc.benchmark.dubbo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ferryrpc.benchmark.driver.ClientMain;
import io.ferryrpc.benchmark.driver.RunResult;
import io.ferryrpc.benchmark.driver.ServerMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Dubbo peer end to end, as the comparison runs it: {@link ServerMain} and {@link ClientMain} in separate JVMs,
 * both inside one network namespace of the test's own in which only loopback is up (Dubbo must never reach the
 * machine's real interfaces). Needs root and iproute2's {@code ip}; skipped otherwise.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DubboPeerInNamespaceTest {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    private static String ip;
    private static String namespace;
    private static Path logs;
    private static Process server;
    private static int port;

    @BeforeAll
    static void startServerInNamespace() throws Exception {
        assumeTrue(isRoot(), "skipped: network namespaces need root, and the Dubbo peer may only run inside one");
        Optional<String> ipCommand = findIp();
        assumeTrue(ipCommand.isPresent(), "skipped: iproute2's ip command is missing (network namespaces need it)");
        ip = ipCommand.get();
        logs = Files.createDirectories(Path.of("target", "netns-test-logs"));
        namespace = "ferry-dubbo-test-" + ProcessHandle.current().pid() + "-"
                + Integer.toUnsignedString(ThreadLocalRandom.current().nextInt(), 36);
        run(ip, "netns", "add", namespace);
        run(ip, "netns", "exec", namespace, ip, "link", "set", "lo", "up");
        assertThat(run(ip, "netns", "exec", namespace, ip, "-o", "link", "show", "up"))
                .as("only loopback is up in the namespace").allSatisfy(line -> assertThat(line).contains(" lo:"));

        Path out = logs.resolve("server.out");
        server = inNamespace(javaCommand(ServerMain.class.getName(), "--peer", "dubbo", "--max-lifetime", "3m"))
                .redirectOutput(out.toFile())
                .redirectError(logs.resolve("server.err").toFile())
                .start();
        String listening = await("the server's LISTENING line").atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> firstLineStartingWith(out, "LISTENING ", server), Optional::isPresent).orElseThrow();
        port = Integer.parseInt(listening.substring("LISTENING ".length()).trim());
    }

    @AfterAll
    static void stopServerAndDeleteNamespace() throws Exception {
        if (namespace == null) {
            return;
        }
        try {
            if (server != null) {
                // End of standard input is the server's signal to stop.
                server.getOutputStream().close();
                boolean exited = server.waitFor(30, TimeUnit.SECONDS);
                if (!exited) {
                    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                assertThat(exited).as("server exits when its input closes").isTrue();
                assertThat(server.exitValue()).as("server's exit status").isZero();
            }
        } finally {
            List<String> left = run(ip, "netns", "pids", namespace);
            for (String pid : left) {
                ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
            run(ip, "netns", "delete", namespace);
            assertThat(left).as("processes left in the namespace").isEmpty();
        }
    }

    @Test
    void everyOperationReturnsWhatTheServiceBuilt() throws Exception {
        Process check = inNamespace(javaCommand(FunctionalCheckMain.class.getName(), "--port", String.valueOf(port)))
                .redirectOutput(logs.resolve("check.out").toFile())
                .redirectError(logs.resolve("check.err").toFile())
                .start();
        int status = waitFor(check);
        List<String> out = Files.readAllLines(logs.resolve("check.out"), StandardCharsets.UTF_8);
        assertThat(out).as("functional check output (stderr in %s)", logs.resolve("check.err")).contains("OK");
        assertThat(status).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"getUser", "listUser"})
    void clientMainMeasuresCallsWithoutErrorsOverLoopbackOnly(String operation) throws Exception {
        Path out = logs.resolve("client-" + operation + ".out");
        Process client = inNamespace(javaCommand(ClientMain.class.getName(), "--peer", "dubbo",
                "--port", String.valueOf(port), "--op", operation, "--concurrency", "4",
                "--warmup", "500ms", "--window", "1s"))
                .redirectOutput(out.toFile())
                .redirectError(logs.resolve("client-" + operation + ".err").toFile())
                .start();
        // While the client runs, every TCP connection in the namespace is between loopback addresses.
        List<String> connections = await("the client's connection to port " + port).atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(DubboPeerInNamespaceTest::establishedConnections, list -> !list.isEmpty() || !client.isAlive());
        assertThat(connections).as("established connections while the client ran").isNotEmpty()
                .allSatisfy(line -> assertThat(line.split("\\s+")).as(line)
                        .filteredOn(field -> field.contains(":")).isNotEmpty()
                        .allSatisfy(address -> assertThat(address).matches("(\\[::ffff:)?127\\.0\\.0\\.1\\]?:\\d+")));

        int status = waitFor(client);
        String result = Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith(RunResult.LINE_PREFIX)).findFirst()
                .orElseThrow(() -> new AssertionError("no RESULT line from the client; see " + out));
        assertThat(status).isZero();
        assertThat(field(result, "operation")).isEqualTo("\"" + operation + "\"");
        assertThat(Long.parseLong(field(result, "calls"))).as(result).isPositive();
        assertThat(Long.parseLong(field(result, "errors"))).as(result).isZero();
    }

    @Test
    void serverListensInTheNamespaceOnly() throws Exception {
        List<String> listening = run(ip, "netns", "exec", namespace, "ss", "-tnlH");
        assertThat(listening).as("listening sockets in the namespace")
                .anySatisfy(line -> assertThat(line).contains(":" + port + " "));
        // Dubbo binds every address of the namespace, which holds loopback alone.
        assertThat(run(ip, "netns", "exec", namespace, ip, "-o", "addr", "show"))
                .allSatisfy(line -> assertThat(line).contains(" lo "));
    }

    private static List<String> establishedConnections() {
        try {
            return run(ip, "netns", "exec", namespace, "ss", "-tnH", "state", "established").stream()
                    .filter(line -> line.contains(":" + port + " ") || line.endsWith(":" + port))
                    .toList();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String field(String resultLine, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\"[^\"]*\"|[^,}]+)").matcher(resultLine);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in " + resultLine);
        }
        return m.group(1);
    }

    private static int waitFor(Process process) throws InterruptedException {
        if (!process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("process did not end within " + RUN_TIMEOUT + ": " + process.info());
        }
        return process.exitValue();
    }

    private static Optional<String> firstLineStartingWith(Path file, String prefix, Process writer) throws IOException {
        if (!writer.isAlive() && !Files.exists(file)) {
            throw new AssertionError("server exited (" + writer.exitValue() + ") before it listened; see " + logs);
        }
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Optional<String> line = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith(prefix)).findFirst();
        if (line.isEmpty() && !writer.isAlive()) {
            throw new AssertionError("server exited (" + writer.exitValue() + ") before it listened; see " + logs);
        }
        return line;
    }

    private static ProcessBuilder inNamespace(List<String> command) {
        List<String> full = new ArrayList<>(List.of(ip, "netns", "exec", namespace));
        full.addAll(command);
        return new ProcessBuilder(full);
    }

    private static List<String> javaCommand(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs a short command and returns its output lines; fails on a non-zero exit. */
    private static List<String> run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + ": did not end");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + ": exit " + p.exitValue() + ": " + text);
        }
        return text.lines().filter(line -> !line.isBlank()).toList();
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<String> findIp() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(":")), Stream.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "ip"))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst();
    }
}
