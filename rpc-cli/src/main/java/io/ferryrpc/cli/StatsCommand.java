package io.ferryrpc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferryrpc.cli.internal.CliFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry stats}: the monitor center's per-method table. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Prints calls, errors, QPS and latency per service and method from a monitor center.")
final class StatsCommand implements Callable<Integer> {

    @ParentCommand
    FerryCli ferry;

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--monitor"}, paramLabel = "URL",
            defaultValue = "${env:FERRY_MONITOR:-http://127.0.0.1:8090}",
            description = "The monitor center's HTTP address (default: ${DEFAULT-VALUE}).")
    String monitor;

    @Option(names = {"-w", "--window"}, paramLabel = "SECONDS", defaultValue = "60",
            description = "The window the figures cover, in seconds (default: ${DEFAULT-VALUE}).")
    int window;

    @Override
    public Integer call() throws Exception {
        if (window <= 0) {
            throw new CliFailure(CliFailure.USAGE, "--window must be positive, not " + window);
        }
        URI uri;
        try {
            uri = URI.create(monitor.replaceAll("/+$", "") + "/api/services?window=" + window);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.USAGE, "bad monitor address " + monitor + ": " + e.getMessage());
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(ferry.timeout).build();
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(ferry.timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliFailure(CliFailure.FAILED, "cannot reach the monitor center at " + monitor + " (" + e + ")");
        }
        if (response.statusCode() != 200) {
            throw new CliFailure(CliFailure.FAILED, "the monitor center at " + monitor + " answered HTTP "
                    + response.statusCode());
        }
        JsonNode root = new ObjectMapper().readTree(response.body());
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%d node(s) reporting, last %d s%n", root.path("nodes").asInt(), root.path("windowSeconds").asInt());
        String format = "%-40s %-20s %-6s %9s %7s %9s %9s %9s%n";
        out.printf(format, "SERVICE", "METHOD", "SIDE", "CALLS", "ERRORS", "QPS", "P50_MS", "P99_MS");
        for (JsonNode service : root.path("services")) {
            for (JsonNode method : service.path("methods")) {
                for (String side : new String[] {"client", "server"}) {
                    JsonNode s = method.path(side);
                    if (s.isMissingNode() || s.isNull()) {
                        continue;
                    }
                    out.printf(format, service.path("service").asText(), method.path("method").asText(), side,
                            s.path("calls").asLong(), s.path("errors").asLong(), fixed(s.path("qps")),
                            fixed(s.path("p50Ms")), fixed(s.path("p99Ms")));
                }
            }
        }
        out.flush();
        return 0;
    }

    private static String fixed(JsonNode n) {
        return n.isNumber() ? String.format("%.2f", n.asDouble()) : "-";
    }
}
