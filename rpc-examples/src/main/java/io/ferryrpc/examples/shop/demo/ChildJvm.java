package io.ferryrpc.examples.shop.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A shop machine in a JVM of its own, started with the current {@code java} binary and class path. Its standard
 * output is forwarded line by line (it is the machine's flow log) and its {@code READY} line awaited; its standard
 * error is forwarded too, never inherited, so a test runner's own streams are not written to behind its back. It is
 * started with {@code --exit-on-stdin-eof}, so it exits by itself when this JVM dies, even by SIGKILL.
 */
final class ChildJvm {

    private final String name;
    private final Process process;
    private final CompletableFuture<Integer> ready = new CompletableFuture<>();

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /** Starts {@code mainClass} with {@code args} (and {@code --exit-on-stdin-eof}). */
    static ChildJvm start(String name, Class<?> mainClass, List<String> args, PrintStream out, PrintStream err)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Small, quick-starting JVMs: four of them share two cores with the build and the order system.
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(args);
        command.add("--exit-on-stdin-eof");
        Process process = new ProcessBuilder(command).start();
        ChildJvm child = new ChildJvm(name, process);
        child.pump(process.getInputStream(), line -> {
            if (line.startsWith("READY ") && !child.ready.isDone()) {
                child.ready.complete(port(line));
            } else {
                out.println(line);
            }
        }, "stdout");
        child.pump(process.getErrorStream(), line -> err.println("[" + name + " stderr] " + line), "stderr");
        process.onExit().thenRun(() -> child.ready.completeExceptionally(
                new IllegalStateException(name + " exited with code " + process.exitValue() + " before it was ready")));
        return child;
    }

    private static int port(String readyLine) {
        for (String part : readyLine.split(" ")) {
            if (part.startsWith("port=")) {
                return Integer.parseInt(part.substring(5));
            }
        }
        throw new IllegalStateException("no port in " + readyLine);
    }

    private void pump(InputStream stream, Consumer<String> sink, String which) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // The child is gone; its last words are lost, nothing else.
            }
        }, "child-" + name + "-" + which);
        t.setDaemon(true);
        t.start();
    }

    /** Waits until the machine has registered and listens; returns its port. */
    int awaitReady(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    String name() {
        return name;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Asks the machine to stop gracefully (SIGTERM): it unregisters, drains and exits. */
    void stop() {
        // Through the handle: Process.destroy() would also close our ends of its pipes, losing its last lines.
        process.toHandle().destroy();
    }

    /**
     * Waits up to {@code timeout} for the machine to exit, then kills it (and anything it started).
     *
     * @return whether it exited by itself
     */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        return false;
    }

    /** Returns the exit code; only after it exited. */
    int exitCode() {
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }
}
