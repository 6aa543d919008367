package io.ferryrpc.benchmark.runner;

import io.ferryrpc.benchmark.driver.RunResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a comparison's results into the Markdown sections of {@code docs/benchmarks.md} and their SVG charts: the
 * environment, the core table, the ratios the targets name, the concurrency and payload curves, and the
 * registry's provider-list propagation.
 */
public final class Report {

    /** The operations of the core table, in dubbo-benchmark's order. */
    public static final List<String> CORE_OPERATIONS = List.of("existUser", "createUser", "getUser", "listUser");
    /** The concurrencies of the core table. */
    public static final List<Integer> CORE_CONCURRENCY = List.of(1, 32, 128);
    /** The concurrencies of the full concurrency curve (getUser). */
    public static final List<Integer> CURVE_CONCURRENCY = List.of(1, 2, 4, 8, 16, 32, 64, 128, 256, 512);
    /** The concurrencies of the quick concurrency curve. */
    public static final List<Integer> QUICK_CURVE_CONCURRENCY = List.of(1, 8, 32, 128, 512);
    /** The payload sizes of the full payload curve (echo at concurrency 32). */
    public static final List<Integer> PAYLOAD_SIZES = List.of(100, 1024, 10 * 1024, 100 * 1024, 1024 * 1024);
    /** The payload sizes of the quick payload curve. */
    public static final List<Integer> QUICK_PAYLOAD_SIZES = List.of(100, 10 * 1024, 1024 * 1024);
    /** The concurrency of the payload curve and of the headline ratios. */
    public static final int REFERENCE_CONCURRENCY = 32;
    /** The payload size of every operation but echo. */
    public static final int DEFAULT_PAYLOAD = 100;
    /** The operation of the concurrency curve. */
    public static final String CURVE_OPERATION = "getUser";

    /** What the report produced: Markdown sections by marker name, and SVG files by file name. */
    public record Rendered(Map<String, String> sections, Map<String, String> images) {}

    private final Map<String, Object> environment;
    private final List<Outcome> outcomes;
    private final Map<String, Object> registry;
    private final String imageDir;
    private final List<String> labels;

    /**
     * Creates a report.
     *
     * @param environment the environment line of the run (date, machine, JVM, command, mode)
     * @param outcomes every scenario's outcome
     * @param registry the registry propagation result, or {@code null} if it did not run
     * @param imageDir the charts' directory relative to the Markdown file, such as {@code img}
     */
    public Report(Map<String, Object> environment, List<Outcome> outcomes, Map<String, Object> registry,
            String imageDir) {
        this.environment = environment;
        this.outcomes = List.copyOf(outcomes);
        this.registry = registry;
        this.imageDir = imageDir;
        this.labels = outcomes.stream()
                .sorted(Comparator.comparingInt((Outcome o) -> peerOrder(o.peer()))
                        .thenComparingInt(o -> PeerCatalog.variants(o.peer()).indexOf(o.variant())))
                .map(Outcome::label).distinct().toList();
    }

    private static int peerOrder(String peer) {
        int i = PeerCatalog.NAMES.indexOf(peer);
        return i < 0 ? PeerCatalog.NAMES.size() : i;
    }

    /** Renders every section for which there are results. */
    public Rendered render() {
        Map<String, String> sections = new LinkedHashMap<>();
        Map<String, String> images = new LinkedHashMap<>();
        sections.put("environment", environmentSection());
        if (ran("core") && has(o -> CORE_OPERATIONS.contains(o.operation()))) {
            sections.put("core", coreSection(images));
            sections.put("targets", targetsSection());
        }
        if (ran("concurrency") && has(o -> o.operation().equals(CURVE_OPERATION))) {
            sections.put("concurrency", concurrencySection(images));
        }
        if (ran("payload") && has(o -> o.operation().equals("echo"))) {
            sections.put("payload", payloadSection(images));
        }
        if (ran("registry") && registry != null) {
            sections.put("registry", registrySection());
        }
        return new Rendered(sections, images);
    }

    /**
     * Returns whether the run measured {@code section}: a run of some sections only must not overwrite the others
     * with the few points it shares with them (the core table's getUser rows are also concurrency-curve points).
     */
    private boolean ran(String section) {
        Object sections = environment.get("sections");
        return sections == null || List.of(sections.toString().split(",\\s*")).contains(section);
    }

    private boolean has(java.util.function.Predicate<Outcome> test) {
        return outcomes.stream().anyMatch(test);
    }

    private String env(String key) {
        Object v = environment.get(key);
        return v == null ? "unknown" : v.toString();
    }

    private String runLine() {
        return "_Measured " + env("date") + " in " + env("mode") + " mode (one client JVM per peer, JIT warm-up "
                + env("jitWarmup") + ", then warm-up " + env("warmup") + " and window " + env("window")
                + " per scenario) by `" + env("command") + "`._\n\n";
    }

    private String environmentSection() {
        return "| | |\n|---|---|\n"
                + "| Date | " + env("date") + " |\n"
                + "| CPU | " + env("cpu") + ", " + env("cores") + " cores (server and client JVMs share them) |\n"
                + "| Memory | " + env("memory") + " |\n"
                + "| OS / kernel | " + env("os") + " |\n"
                + "| JVM | " + env("jvm") + " |\n"
                + "| JVM flags (every server and client) | `" + env("jvmFlags") + "` |\n"
                + "| Network | 127.0.0.1 inside a fresh network namespace (loopback only) |\n"
                + "| Sections run | " + env("sections") + " |\n"
                + "| Mode | " + env("mode") + ": one server and one client JVM per peer; the client warms its JIT for "
                + env("jitWarmup") + ", then each scenario has a warm-up of " + env("warmup")
                + " and a measured window of " + env("window") + " |\n"
                + "| Command | `" + env("command") + "` |\n";
    }

    private String coreSection(Map<String, String> images) {
        StringBuilder md = new StringBuilder(runLine());
        md.append("| Operation | Concurrency | Peer | Calls/s | p50 µs | p99 µs | p99.9 µs | Client CPU µs/call "
                + "| Errors (timeouts) |\n|---|---:|---|---:|---:|---:|---:|---:|---:|\n");
        List<Outcome> failures = new ArrayList<>();
        for (String op : CORE_OPERATIONS) {
            for (int c : CORE_CONCURRENCY) {
                for (String label : labels) {
                    Outcome o = find(label, op, c, DEFAULT_PAYLOAD);
                    if (o == null) {
                        continue;
                    }
                    md.append("| ").append(op).append(" | ").append(c).append(" | ").append(label).append(" | ");
                    if (o.failed()) {
                        failures.add(o);
                        md.append("**FAILED** [").append(failures.size()).append("] | | | | | |\n");
                    } else {
                        RunResult r = o.result();
                        md.append(number(r.throughput())).append(" | ").append(micros(r.p50Micros())).append(" | ")
                                .append(micros(r.p99Micros())).append(" | ").append(micros(r.p999Micros()))
                                .append(" | ").append(fixed(r.clientCpuMicrosPerCall(), 1)).append(" | ")
                                .append(r.errors()).append(" (").append(r.timeouts()).append(")").append(" |\n");
                    }
                }
            }
        }
        appendFailures(md, failures);
        List<SvgChart.Series> series = new ArrayList<>();
        for (String label : labels) {
            double[] values = new double[CORE_OPERATIONS.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = throughput(find(label, CORE_OPERATIONS.get(i), REFERENCE_CONCURRENCY, DEFAULT_PAYLOAD));
            }
            series.add(new SvgChart.Series(label, values));
        }
        String file = "bench-throughput-c" + REFERENCE_CONCURRENCY + ".svg";
        images.put(file, SvgChart.bars("Throughput at concurrency " + REFERENCE_CONCURRENCY, "operation",
                "calls per second", CORE_OPERATIONS, series));
        md.append("\n![Throughput per operation at concurrency ").append(REFERENCE_CONCURRENCY).append("](")
                .append(imageDir).append('/').append(file).append(")\n");
        return md.toString();
    }

    private String targetsSection() {
        List<String> ferries = labels.stream().filter(l -> l.startsWith("ferry")).toList();
        StringBuilder md = new StringBuilder(runLine());
        if (ferries.isEmpty()) {
            return md.append("Ferry was not measured in this run, so there are no ratios.\n").toString();
        }
        md.append("| Measure |");
        ferries.forEach(f -> md.append(' ').append(f).append(" |"));
        md.append("\n|---|");
        ferries.forEach(f -> md.append("---:|"));
        md.append('\n');
        int c = REFERENCE_CONCURRENCY;
        ratioRow(md, ferries, "Throughput vs Dubbo, getUser at " + c + " (higher is better)",
                f -> ratio(throughput(find(f, "getUser", c, DEFAULT_PAYLOAD)),
                        throughput(find("dubbo", "getUser", c, DEFAULT_PAYLOAD))));
        ratioRow(md, ferries, "Throughput vs Dubbo, listUser at " + c + " (higher is better)",
                f -> ratio(throughput(find(f, "listUser", c, DEFAULT_PAYLOAD)),
                        throughput(find("dubbo", "listUser", c, DEFAULT_PAYLOAD))));
        ratioRow(md, ferries, "Throughput vs raw Netty, getUser at " + c + " (1.00× is the ceiling)",
                f -> ratio(throughput(find(f, "getUser", c, DEFAULT_PAYLOAD)),
                        throughput(find("netty", "getUser", c, DEFAULT_PAYLOAD))));
        ratioRow(md, ferries, "Throughput vs raw Netty, listUser at " + c + " (1.00× is the ceiling)",
                f -> ratio(throughput(find(f, "listUser", c, DEFAULT_PAYLOAD)),
                        throughput(find("netty", "listUser", c, DEFAULT_PAYLOAD))));
        ratioRow(md, ferries, "Throughput vs raw Netty with Ferry's codec, getUser at " + c + " (the cost of the "
                + "framework)", f -> ratio(throughput(find(f, "getUser", c, DEFAULT_PAYLOAD)),
                        throughput(find(NETTY_CODEC, "getUser", c, DEFAULT_PAYLOAD))));
        ratioRow(md, ferries, "Throughput vs raw Netty with Ferry's codec, listUser at " + c + " (the cost of the "
                + "framework)", f -> ratio(throughput(find(f, "listUser", c, DEFAULT_PAYLOAD)),
                        throughput(find(NETTY_CODEC, "listUser", c, DEFAULT_PAYLOAD))));
        ratioRow(md, ferries, "p99 vs Dubbo, getUser at " + c + " (lower is better)",
                f -> ratio(p99(find(f, "getUser", c, DEFAULT_PAYLOAD)), p99(find("dubbo", "getUser", c,
                        DEFAULT_PAYLOAD))));
        ratioRow(md, ferries, "p99 vs Dubbo, listUser at " + c + " (lower is better)",
                f -> ratio(p99(find(f, "listUser", c, DEFAULT_PAYLOAD)), p99(find("dubbo", "listUser", c,
                        DEFAULT_PAYLOAD))));
        ratioRow(md, ferries, "p50 vs raw Netty, getUser at 1 (lower is better; 1.00× is the floor)",
                f -> ratio(p50(find(f, "getUser", 1, DEFAULT_PAYLOAD)), p50(find("netty", "getUser", 1,
                        DEFAULT_PAYLOAD))));
        ratioRow(md, ferries, "p50 vs raw Netty with Ferry's codec, getUser at 1 (lower is better)",
                f -> ratio(p50(find(f, "getUser", 1, DEFAULT_PAYLOAD)), p50(find(NETTY_CODEC, "getUser", 1,
                        DEFAULT_PAYLOAD))));
        ratioRow(md, ferries, "Throughput at 512 vs its own peak, getUser (1.00× means no collapse)",
                f -> atMaxVsPeak(f));
        md.append("\nA ratio is n/a when either side was not measured or failed.\n");
        return md.toString();
    }

    private static void ratioRow(StringBuilder md, List<String> ferries, String measure,
            java.util.function.ToDoubleFunction<String> value) {
        md.append("| ").append(measure).append(" |");
        for (String f : ferries) {
            double v = value.applyAsDouble(f);
            md.append(' ').append(Double.isNaN(v) ? "n/a" : fixed(v, 2) + "×").append(" |");
        }
        md.append('\n');
    }

    private double atMaxVsPeak(String label) {
        List<Integer> points = curvePoints(CURVE_OPERATION, DEFAULT_PAYLOAD);
        if (points.isEmpty()) {
            return Double.NaN;
        }
        int last = points.get(points.size() - 1);
        double peak = Double.NaN;
        for (int c : points) {
            double t = throughput(find(label, CURVE_OPERATION, c, DEFAULT_PAYLOAD));
            if (!Double.isNaN(t) && (Double.isNaN(peak) || t > peak)) {
                peak = t;
            }
        }
        return last < 512 ? Double.NaN : ratio(throughput(find(label, CURVE_OPERATION, last, DEFAULT_PAYLOAD)), peak);
    }

    private List<Integer> curvePoints(String op, int payload) {
        return outcomes.stream().filter(o -> o.operation().equals(op) && o.payloadSize() == payload)
                .map(Outcome::concurrency).distinct().sorted().toList();
    }

    private String concurrencySection(Map<String, String> images) {
        List<Integer> points = curvePoints(CURVE_OPERATION, DEFAULT_PAYLOAD);
        StringBuilder md = new StringBuilder(runLine());
        md.append(CURVE_OPERATION).append(": calls/s, and p99 in µs below.\n\n| Concurrency |");
        labels.forEach(l -> md.append(' ').append(l).append(" |"));
        md.append("\n|---:|");
        labels.forEach(l -> md.append("---:|"));
        md.append('\n');
        List<Outcome> failures = new ArrayList<>();
        for (int c : points) {
            md.append("| ").append(c).append(" |");
            for (String l : labels) {
                md.append(' ').append(cell(find(l, CURVE_OPERATION, c, DEFAULT_PAYLOAD), failures)).append(" |");
            }
            md.append('\n');
        }
        md.append("| **512 vs peak** |");
        for (String l : labels) {
            double v = atMaxVsPeak(l);
            md.append(' ').append(Double.isNaN(v) ? "n/a" : fixed(v, 2) + "×").append(" |");
        }
        md.append('\n');
        appendFailures(md, failures);
        double[] xs = points.stream().mapToDouble(Integer::doubleValue).toArray();
        List<String> xLabels = points.stream().map(String::valueOf).toList();
        images.put("bench-concurrency-throughput.svg", SvgChart.lines(CURVE_OPERATION + " throughput vs concurrency",
                "concurrency (callers, log scale)", "calls per second", xs, xLabels, false,
                curve(points, c -> c, CURVE_OPERATION, true)));
        images.put("bench-concurrency-p99.svg", SvgChart.lines(CURVE_OPERATION + " p99 latency vs concurrency",
                "concurrency (callers, log scale)", "p99 latency, µs (log scale)", xs, xLabels, true,
                curve(points, c -> c, CURVE_OPERATION, false)));
        md.append("\n![Throughput vs concurrency](").append(imageDir).append("/bench-concurrency-throughput.svg)\n")
                .append("![p99 vs concurrency](").append(imageDir).append("/bench-concurrency-p99.svg)\n");
        return md.toString();
    }

    private String payloadSection(Map<String, String> images) {
        List<Integer> sizes = outcomes.stream().filter(o -> o.operation().equals("echo")).map(Outcome::payloadSize)
                .distinct().sorted().toList();
        StringBuilder md = new StringBuilder(runLine());
        md.append("echo at concurrency ").append(REFERENCE_CONCURRENCY)
                .append(" (the payload goes both ways): calls/s, and p99 in µs below.\n\n| Payload |");
        labels.forEach(l -> md.append(' ').append(l).append(" |"));
        md.append("\n|---:|");
        labels.forEach(l -> md.append("---:|"));
        md.append('\n');
        List<Outcome> failures = new ArrayList<>();
        for (int size : sizes) {
            md.append("| ").append(bytes(size)).append(" |");
            for (String l : labels) {
                md.append(' ').append(cell(find(l, "echo", REFERENCE_CONCURRENCY, size), failures)).append(" |");
            }
            md.append('\n');
        }
        appendFailures(md, failures);
        double[] xs = sizes.stream().mapToDouble(Integer::doubleValue).toArray();
        List<String> xLabels = sizes.stream().map(Report::bytes).toList();
        images.put("bench-payload-throughput.svg", SvgChart.lines("echo throughput vs payload size (concurrency "
                + REFERENCE_CONCURRENCY + ")", "payload size (log scale)", "calls per second (log scale)", xs,
                xLabels, true, curve(sizes, s -> REFERENCE_CONCURRENCY, "echo", true)));
        images.put("bench-payload-p99.svg", SvgChart.lines("echo p99 latency vs payload size (concurrency "
                + REFERENCE_CONCURRENCY + ")", "payload size (log scale)", "p99 latency, µs (log scale)", xs,
                xLabels, true, curve(sizes, s -> REFERENCE_CONCURRENCY, "echo", false)));
        md.append("\n![Throughput vs payload size](").append(imageDir).append("/bench-payload-throughput.svg)\n")
                .append("![p99 vs payload size](").append(imageDir).append("/bench-payload-p99.svg)\n");
        return md.toString();
    }

    /** One series per peer over {@code points}, which are concurrencies or payload sizes. */
    private List<SvgChart.Series> curve(List<Integer> points, java.util.function.IntUnaryOperator concurrencyOf,
            String op, boolean throughput) {
        List<SvgChart.Series> series = new ArrayList<>();
        for (String l : labels) {
            double[] v = new double[points.size()];
            for (int i = 0; i < v.length; i++) {
                int p = points.get(i);
                Outcome o = op.equals("echo") ? find(l, op, concurrencyOf.applyAsInt(p), p)
                        : find(l, op, p, DEFAULT_PAYLOAD);
                v[i] = throughput ? throughput(o) : p99(o);
            }
            series.add(new SvgChart.Series(l, v));
        }
        return series;
    }

    private static String cell(Outcome o, List<Outcome> failures) {
        if (o == null) {
            return "";
        }
        if (o.failed()) {
            failures.add(o);
            return "**FAILED** [" + failures.size() + "]";
        }
        RunResult r = o.result();
        return number(r.throughput()) + "<br>p99 " + micros(r.p99Micros()) + (r.errors() > 0 ? "<br>" + r.errors()
                + " errors" : "");
    }

    private static void appendFailures(StringBuilder md, List<Outcome> failures) {
        if (failures.isEmpty()) {
            return;
        }
        md.append('\n');
        // A peer that cannot start fails every row the same way: its reason is given once.
        Map<String, Integer> firstWithReason = new LinkedHashMap<>();
        for (int i = 0; i < failures.size(); i++) {
            Outcome o = failures.get(i);
            Integer first = firstWithReason.putIfAbsent(o.failure(), i + 1);
            md.append(i + 1).append(". ").append(o.label()).append(' ').append(o.operation()).append(" c=")
                    .append(o.concurrency()).append(o.operation().equals("echo") ? " payload " + bytes(o.payloadSize())
                            : "").append(": ").append(first != null ? "as " + first
                            : o.failure().replace("|", "\\|").replace("\n", " ")).append('\n');
        }
    }

    @SuppressWarnings("unchecked")
    private String registrySection() {
        StringBuilder md = new StringBuilder();
        md.append("_Measured ").append(registry.getOrDefault("date", env("date"))).append("._\n\n");
        if (registry.get("failed") != null) {
            return md.append("**FAILED**: ").append(registry.get("failed")).append('\n').toString();
        }
        md.append(String.format(Locale.ROOT, "%s consumers (%s), each with its own ZooKeeper session, subscribed to "
                + "one service; a provider registered and unregistered in turn: %s timed changes (%s seen by every "
                + "consumer) after %s untimed warm-up changes. ZooKeeper %s, in the consumers' JVM; subscribing the "
                + "consumers took %s ms.%n%n",
                registry.get("consumers"), describeMode(String.valueOf(registry.get("mode"))), registry.get("changes"),
                registry.get("completeChanges"), registry.getOrDefault("warmupChanges", 0),
                registry.getOrDefault("zookeeper", "server"), registry.get("setupMillis")));
        md.append("| Milliseconds from the provider's write | p50 | p90 | p99 | max |\n|---|---:|---:|---:|---:|\n");
        for (String[] row : new String[][] {{"allSeenMillis", "until every consumer has the new list (per change)"},
            {"firstSeenMillis", "until the first consumer has it (per change)"},
            {"perConsumerMillis", "until one consumer has it (every consumer × change)"}}) {
            Object stats = registry.get(row[0]);
            if (stats instanceof Map<?, ?> m) {
                Map<String, Object> s = (Map<String, Object>) m;
                md.append("| ").append(row[1]).append(" | ").append(ms(s.get("p50"))).append(" | ")
                        .append(ms(s.get("p90"))).append(" | ").append(ms(s.get("p99"))).append(" | ")
                        .append(ms(s.get("max"))).append(" |\n");
            }
        }
        Object missed = registry.get("missedNotifications");
        md.append("\nPercentiles are nearest-rank: over fewer than 100 changes, the per-change p99 is the worst "
                + "change. Missed "
                + "notifications (a consumer that had not seen a change within the bound): ").append(missed)
                .append(".\n");
        return md.toString();
    }

    private static String describeMode(String mode) {
        return mode.equals("client") ? "RpcClient instances: the time is until each client's provider directory holds"
                + " the new list" : "registry subscriptions through the Registry SPI";
    }

    /** The label of raw Netty with Ferry's serialization on both sides. */
    static final String NETTY_CODEC = PeerSpec.label("netty", "codec");

    private Outcome find(String label, String op, int concurrency, int payload) {
        for (Outcome o : outcomes) {
            if (o.label().equals(label) && o.operation().equals(op) && o.concurrency() == concurrency
                    && (o.payloadSize() == payload || !op.equals("echo"))) {
                return o;
            }
        }
        return null;
    }

    private static double throughput(Outcome o) {
        return o == null || o.failed() ? Double.NaN : o.result().throughput();
    }

    private static double p99(Outcome o) {
        return o == null || o.failed() || o.result().calls() == 0 ? Double.NaN : o.result().p99Micros();
    }

    private static double p50(Outcome o) {
        return o == null || o.failed() || o.result().calls() == 0 ? Double.NaN : o.result().p50Micros();
    }

    private static double ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? Double.NaN : a / b;
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    static String micros(double v) {
        return v < 100 ? fixed(v, 1) : number(v);
    }

    static String fixed(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private static String ms(Object v) {
        return v instanceof Number n ? fixed(n.doubleValue(), 1) : Objects.toString(v, "n/a");
    }

    static String bytes(int size) {
        if (size >= 1024 * 1024 && size % (1024 * 1024) == 0) {
            return size / (1024 * 1024) + " MiB";
        }
        if (size >= 1024 && size % 1024 == 0) {
            return size / 1024 + " KiB";
        }
        return size + " B";
    }
}
