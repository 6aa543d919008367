package io.ferryrpc.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the {@code ferry} tool as a separate JVM, as a user would: under Maven the runnable jar named by the system
 * property {@code ferry.cli.jar}, elsewhere (an IDE) the main class on the test classpath.
 */
final class FerryProcess {

    private FerryProcess() {}

    /** What a run of the tool printed and returned. */
    record Run(int exitCode, String out, String err) {}

    /** Runs {@code ferry args...} and waits for it. */
    static Run ferry(String... args) throws IOException, InterruptedException {
        return ferryWithJvmOptions(List.of(), args);
    }

    /** Runs {@code ferry args...} in a JVM started with {@code jvmOptions} (system properties, say). */
    static Run ferryWithJvmOptions(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A run lasts a second: the C1 compiler alone and the serial collector start it about a third faster,
        // which adds up over the dozen runs of the CLI tests on a loaded machine.
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        String jar = System.getProperty("ferry.cli.jar");
        if (jar != null) {
            // Under Maven: the runnable jar itself, built in the package phase (see rpc-cli/pom.xml).
            if (!Files.isRegularFile(Path.of(jar))) {
                throw new AssertionError("the runnable jar " + jar + " was not built");
            }
            command.addAll(List.of("-jar", jar));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), FerryCli.class.getName()));
        }
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        try {
            process.getOutputStream().close();
            // Stderr is drained on its own thread so that a chatty tool cannot block on a full pipe.
            CompletableFuture<byte[]> err = new CompletableFuture<>();
            Thread errReader = new Thread(() -> {
                try {
                    err.complete(process.getErrorStream().readAllBytes());
                } catch (IOException e) {
                    err.completeExceptionally(e);
                }
            }, "ferry-process-stderr");
            errReader.start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("ferry " + String.join(" ", args) + " did not finish");
            }
            return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err.get(60, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot read the stderr of ferry " + String.join(" ", args), e);
        } finally {
            process.destroyForcibly();
        }
    }
}
