package io.ferryrpc.benchmark.runner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The runner mains' arguments: {@code --name value} pairs, repeatable {@code --option k=v}, and bare flags. */
final class Args {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> flags = new ArrayList<>();

    Args(String[] args, Set<String> flagNames) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg + " (expected --name value)");
            }
            String name = arg.substring(2);
            if (flagNames.contains(name)) {
                flags.add(name);
                continue;
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            String value = args[++i];
            if (name.equals("option")) {
                int eq = value.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--option " + value + " (expected key=value)");
                }
                options.put(value.substring(0, eq), value.substring(eq + 1));
            } else {
                values.put(name, value);
            }
        }
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    Map<String, String> options() {
        return options;
    }

    int integer(String name, int fallback) {
        String v = values.get(name);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " " + v + " (expected an integer)", e);
        }
    }

    Duration duration(String name, Duration fallback) {
        String v = values.get(name);
        return v == null ? fallback : parseDuration("--" + name, v);
    }

    /** Parses {@code 500ms}, {@code 10s} or {@code 2m}, the forms the driver's mains accept too. */
    static Duration parseDuration(String what, String v) {
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " " + v + " (expected e.g. 500ms, 10s or 2m)", e);
        }
        throw new IllegalArgumentException(what + " " + v + " (expected e.g. 500ms, 10s or 2m)");
    }

    /** Formats a duration so that {@link #parseDuration} and the driver's mains read it back. */
    static String formatDuration(Duration d) {
        return d.toMillis() + "ms";
    }
}
