package io.ferryrpc.monitor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus' text exposition format 0.0.4, for tests: it fails on anything the format does not
 * allow (bad names, unescaped values, samples without a TYPE, a family split in two, duplicate series, histograms
 * whose buckets decrease or whose {@code +Inf} bucket differs from {@code _count}).
 */
final class PrometheusTextParser {

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    final Map<String, String> types = new LinkedHashMap<>();
    final Map<String, String> help = new HashMap<>();
    final List<Sample> samples = new ArrayList<>();

    static PrometheusTextParser parse(String text) {
        PrometheusTextParser parser = new PrometheusTextParser();
        parser.read(text);
        parser.checkHistograms();
        return parser;
    }

    private void read(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("the text must end with a line feed");
        }
        Set<String> seen = new HashSet<>();
        Set<String> closedFamilies = new HashSet<>();
        String currentFamily = null;
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ", 2);
                String name = parts[0];
                require(NAME.matcher(name).matches(), lineNo, "bad metric name " + name);
                if (line.startsWith("# TYPE ")) {
                    require(parts.length == 2 && Set.of("counter", "gauge", "histogram", "summary", "untyped")
                            .contains(parts[1]), lineNo, "bad type");
                    require(types.put(name, parts[1]) == null, lineNo, "second TYPE for " + name);
                } else {
                    require(help.put(name, parts.length > 1 ? parts[1] : "") == null, lineNo, "second HELP");
                }
                if (!name.equals(currentFamily)) {
                    require(!closedFamilies.contains(name), lineNo, "family " + name + " split in two");
                    if (currentFamily != null) {
                        closedFamilies.add(currentFamily);
                    }
                    currentFamily = name;
                }
                continue;
            }
            require(!line.startsWith("#"), lineNo, "unknown comment");
            Sample sample = sample(line, lineNo);
            String family = family(sample.name());
            require(family.equals(currentFamily), lineNo, sample.name() + " outside its family's block");
            require(seen.add(sample.name() + sample.labels()), lineNo, "duplicate series " + sample.name()
                    + sample.labels());
            samples.add(sample);
        }
    }

    private String family(String name) {
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                if ("histogram".equals(types.get(base))) {
                    return base;
                }
            }
        }
        if (!types.containsKey(name)) {
            throw new IllegalArgumentException("sample " + name + " has no TYPE");
        }
        return name;
    }

    private static Sample sample(String line, int lineNo) {
        Matcher name = NAME.matcher(line);
        require(name.lookingAt(), lineNo, "no metric name");
        int i = name.end();
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq);
                require(LABEL_NAME.matcher(label).matches(), lineNo, "bad label name " + label);
                require(line.charAt(eq + 1) == '"', lineNo, "label value not quoted");
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                while (line.charAt(j) != '"') {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        require(next == '\\' || next == '"' || next == 'n', lineNo, "bad escape");
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                    j++;
                }
                require(labels.put(label, value.toString()) == null, lineNo, "label " + label + " twice");
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        require(line.charAt(i) == ' ', lineNo, "no space before the value");
        String[] rest = line.substring(i + 1).split(" ");
        require(rest.length <= 2, lineNo, "too many fields");
        double value = switch (rest[0]) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(rest[0]);
        };
        return new Sample(name.group(), labels, value);
    }

    private void checkHistograms() {
        Map<Map<String, String>, List<Sample>> buckets = new HashMap<>();
        Map<Map<String, String>, Double> counts = new HashMap<>();
        for (Sample s : samples) {
            String family = family(s.name());
            if (!"histogram".equals(types.get(family))) {
                continue;
            }
            Map<String, String> key = new TreeMap<>(s.labels());
            key.remove("le");
            key.put("__family", family);
            if (s.name().endsWith("_bucket")) {
                require(s.labels().containsKey("le"), 0, "bucket without le");
                buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
            } else if (s.name().endsWith("_count")) {
                counts.put(key, s.value());
            }
        }
        buckets.forEach((key, list) -> {
            double previousLe = Double.NEGATIVE_INFINITY;
            double previous = 0;
            for (Sample s : list) {
                String le = s.labels().get("le");
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                require(bound > previousLe, 0, "le not increasing in " + key);
                require(s.value() >= previous, 0, "bucket counts decrease in " + key);
                previousLe = bound;
                previous = s.value();
            }
            require(previousLe == Double.POSITIVE_INFINITY, 0, "no +Inf bucket in " + key);
            require(counts.containsKey(key) && counts.get(key) == previous, 0, "+Inf bucket differs from _count in "
                    + key);
        });
    }

    /** Returns the sum of the samples named {@code name} whose labels include {@code labels}. */
    double sum(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    private static void require(boolean condition, int lineNo, String message) {
        if (!condition) {
            throw new IllegalArgumentException((lineNo > 0 ? "line " + lineNo + ": " : "") + message);
        }
    }
}
