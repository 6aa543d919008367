package io.ferryrpc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ferryrpc.cli.internal.CliFailure;
import io.ferryrpc.cli.internal.MonitorCenterClient;
import io.ferryrpc.cli.internal.TextTable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry stats}: the monitor center's per-method table. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Prints calls, errors, QPS and latency per service, method and side from a monitor center.",
            "Side client is what the consumers saw (network included), server the providers' own execution."})
final class StatsCommand implements Callable<Integer> {

    private static final String[] SIDES = {"client", "server"};

    @ParentCommand
    FerryCli ferry;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE",
            description = "Only this service: name, or name:version[:group] (default: every service).")
    String service;

    @Option(names = {"-m", "--monitor"}, paramLabel = "URL",
            defaultValue = "${env:FERRY_MONITOR:-http://127.0.0.1:8090}",
            description = "The monitor center's HTTP address (default: ${DEFAULT-VALUE}).")
    String monitor;

    @Option(names = {"-w", "--window"}, paramLabel = "SECONDS", defaultValue = "60",
            description = "The window the figures cover, in seconds (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--json", description = "Prints the rows as JSON instead of a table.")
    boolean json;

    /** One line of the table: a method's figures on one side, as the center computed them. */
    private record Row(String service, String method, String side, JsonNode figures) {}

    @Override
    public Integer call() throws Exception {
        if (window <= 0) {
            throw new CliFailure(CliFailure.USAGE, "--window must be positive, not " + window);
        }
        JsonNode root = MonitorCenterClient.services(monitor, window, ferry.timeout);
        List<Row> rows = new ArrayList<>();
        for (JsonNode s : root.path("services")) {
            String name = s.path("service").asText();
            if (!selected(name)) {
                continue;
            }
            for (JsonNode method : s.path("methods")) {
                for (String side : SIDES) {
                    JsonNode figures = method.path(side);
                    if (figures.isObject()) {
                        rows.add(new Row(name, method.path("method").asText(), side, figures));
                    }
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            printJson(out, root, rows);
        } else {
            printTable(out, root, rows);
        }
        out.flush();
        return 0;
    }

    /** A service key is {@code name:version[:group]}; the name alone selects every version and group. */
    private boolean selected(String key) {
        return service == null || key.equals(service) || key.startsWith(service + ":");
    }

    private void printTable(PrintWriter out, JsonNode root, List<Row> rows) {
        int nodes = root.path("nodes").asInt();
        out.printf("%d node%s reporting to %s, last %d s%n", nodes, nodes == 1 ? "" : "s", monitor,
                root.path("windowSeconds").asInt(window));
        if (rows.isEmpty()) {
            out.printf("no calls%s in the last %d s%n", service == null ? "" : " of " + service, window);
            return;
        }
        TextTable table = new TextTable("SERVICE", "METHOD", "SIDE", ">CALLS", ">ERRORS", ">QPS", ">P50_MS",
                ">P95_MS", ">P99_MS", ">MEAN_MS");
        for (Row r : rows) {
            JsonNode f = r.figures();
            table.row(r.service(), r.method(), r.side(), Long.toString(f.path("calls").asLong()),
                    Long.toString(f.path("errors").asLong()), fixed(f.path("qps")), fixed(f.path("p50Ms")),
                    fixed(f.path("p95Ms")), fixed(f.path("p99Ms")), fixed(f.path("meanMs")));
        }
        table.print(out);
    }

    private void printJson(PrintWriter out, JsonNode root, List<Row> rows) throws JsonProcessingException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("service", r.service());
            row.put("method", r.method());
            row.put("side", r.side());
            for (String field : new String[] {"calls", "errors"}) {
                row.put(field, r.figures().path(field).asLong());
            }
            for (String field : new String[] {"qps", "errorRate", "p50Ms", "p95Ms", "p99Ms", "meanMs"}) {
                JsonNode n = r.figures().path(field);
                row.put(field, n.isNumber() ? n.doubleValue() : null);
            }
            list.add(row);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("monitor", monitor);
        result.put("windowSeconds", root.path("windowSeconds").asInt(window));
        result.put("nodes", root.path("nodes").asInt());
        result.put("rows", list);
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
    }

    /** Two decimals with a dot whatever the user's locale, so that scripts can read the figures. */
    private static String fixed(JsonNode n) {
        return n.isNumber() ? String.format(Locale.ROOT, "%.2f", n.asDouble()) : "-";
    }
}
