package io.ferryrpc.benchmark.driver;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code --name value} arguments of the server and client mains, with typed getters and clear errors. */
final class Arguments {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> options = new HashMap<>();

    Arguments(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got: " + String.join(" ", args));
            }
            String value = args[++i];
            if (name.equals("--option")) {
                int eq = value.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--option " + value + " (expected key=value)");
                }
                options.put(value.substring(0, eq), value.substring(eq + 1));
            } else {
                values.put(name.substring(2), value);
            }
        }
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        String v = values.get(name);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " " + v + " (expected an integer)", e);
        }
    }

    /** A duration as {@code 500ms}, {@code 10s} or {@code 2m}. */
    Duration duration(String name, Duration fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
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
            throw new IllegalArgumentException("--" + name + " " + v + " (expected e.g. 500ms, 10s or 2m)", e);
        }
        throw new IllegalArgumentException("--" + name + " " + v + " (expected e.g. 500ms, 10s or 2m)");
    }

    PeerSettings settings() {
        return new PeerSettings(duration("timeout", Duration.ofSeconds(3)), integer("payload", 100), options);
    }
}
