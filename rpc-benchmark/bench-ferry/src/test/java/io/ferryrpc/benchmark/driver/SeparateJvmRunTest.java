package io.ferryrpc.benchmark.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The way the comparison runs: {@link ServerMain} and {@link ClientMain} as two real JVMs on 127.0.0.1. The warm-up
 * is long enough for a cold client JVM's first calls (class loading, connecting) on a loaded two-core machine, where
 * a one-second warm-up was once seen to leave a one-second window without a single completed call.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SeparateJvmRunTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String CLASS_PATH = System.getProperty("java.class.path");

    @Test
    void ferryServerAndClientInTwoJvmsReportAResult() throws Exception {
        Process server = start(ServerMain.class, "server", "--peer", "ferry", "--host", "127.0.0.1", "--port", "0",
                "--max-lifetime", "2m");
        try {
            BufferedReader serverOut = reader(server);
            String listening = firstLineStartingWith(serverOut, "LISTENING ");
            assertThat(listening).as("the server's LISTENING line").isNotNull();
            int port = Integer.parseInt(listening.substring("LISTENING ".length()).trim());

            Process client = start(ClientMain.class, "client", "--peer", "ferry", "--host", "127.0.0.1", "--port",
                    String.valueOf(port), "--op", "getUser", "--concurrency", "4", "--warmup", "3s", "--window",
                    "2s", "--timeout", "3s");
            String result;
            try {
                result = firstLineStartingWith(reader(client), RunResult.LINE_PREFIX);
                assertThat(client.waitFor(60, TimeUnit.SECONDS)).as("client exited").isTrue();
            } finally {
                client.destroyForcibly();
            }
            assertThat(client.exitValue()).isZero();
            assertThat(result).as("the client's RESULT line").isNotNull()
                    .contains("\"peer\":\"ferry\"", "\"operation\":\"getUser\"", "\"concurrency\":4",
                            "\"errors\":0", "\"firstError\":null");
            assertThat(number(result, "calls")).as(result).isPositive();
            assertThat(number(result, "throughput")).as(result).isPositive();

            // End of its standard input is the server's signal to stop.
            server.getOutputStream().close();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("server exited").isTrue();
            assertThat(server.exitValue()).isZero();
        } finally {
            server.destroyForcibly();
        }
    }

    /** Starts {@code main} in a new JVM; its standard error goes to {@code target/separate-jvm-NAME.log}. */
    private static Process start(Class<?> main, String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx256m", "-cp", CLASS_PATH, main.getName()));
        command.addAll(List.of(args));
        File log = Path.of("target", "separate-jvm-" + name + ".log").toFile();
        return new ProcessBuilder(command).redirectError(log).start();
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Returns the first line with {@code prefix}, or {@code null} at end of output; the class timeout bounds it. */
    private static String firstLineStartingWith(BufferedReader out, String prefix) throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        return null;
    }

    private static double number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":([0-9.]+)").matcher(json);
        assertThat(m.find()).as("field %s in %s", field, json).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
