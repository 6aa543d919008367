package io.ferryrpc.examples.shop.node;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The command-line options every shop machine takes. Immutable.
 *
 * <p>{@code --registry URL} (default {@code zookeeper://127.0.0.1:2181}), {@code --host H} (the address other
 * machines use to reach this one; default {@code 127.0.0.1}), {@code --bind ADDRESS} (where to listen; default the
 * host), {@code --port N} (default 0: any free port), {@code --name NAME} (this machine's name in logs, receipts
 * and the monitor), {@code --report-interval MILLIS} (how often metrics go to the monitor center; default 1000),
 * {@code --exit-on-stdin-eof} (stop when standard input closes: a launcher that starts the process uses it so that
 * the process never outlives it). A main may accept more options, given as {@code extra}.
 *
 * @param registry the registry address
 * @param host the advertised host
 * @param bind the listen address
 * @param port the port, 0 for any free one
 * @param name this machine's name
 * @param reportInterval how often metrics are pushed
 * @param exitOnStdinEof whether to stop when standard input closes
 * @param extra the main's own options, by name without the dashes
 */
public record NodeOptions(String registry, String host, String bind, int port, String name, Duration reportInterval,
        boolean exitOnStdinEof, Map<String, String> extra) {

    /** The registry a machine uses when none is given: a ZooKeeper on this machine. */
    public static final String DEFAULT_REGISTRY = "zookeeper://127.0.0.1:2181";

    /** Validates and copies. */
    public NodeOptions {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(name, "name");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port: " + port + " (expected: 0..65535)");
        }
        if (reportInterval.toMillis() < 10) {
            throw new IllegalArgumentException("--report-interval: " + reportInterval + " (expected: at least 10 ms)");
        }
        extra = Map.copyOf(extra);
    }

    /**
     * Parses {@code args}.
     *
     * @param defaultName the machine's name unless {@code --name} is given
     * @param extraOptions the names (without dashes) of the options the main takes besides the common ones
     * @throws IllegalArgumentException on an unknown option, a missing value or a bad number
     */
    public static NodeOptions parse(String[] args, String defaultName, Set<String> extraOptions) {
        String registry = DEFAULT_REGISTRY;
        String host = "127.0.0.1";
        String bind = null;
        int port = 0;
        String name = defaultName;
        Duration interval = Duration.ofSeconds(1);
        boolean exitOnEof = false;
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--exit-on-stdin-eof")) {
                exitOnEof = true;
                continue;
            }
            if (!option.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--registry" -> registry = value;
                case "--host" -> host = value;
                case "--bind" -> bind = value;
                case "--port" -> port = number(option, value);
                case "--name" -> name = value;
                case "--report-interval" -> interval = Duration.ofMillis(number(option, value));
                default -> {
                    String key = option.substring(2);
                    if (!extraOptions.contains(key)) {
                        throw new IllegalArgumentException("unknown option " + option);
                    }
                    extra.put(key, value);
                }
            }
        }
        return new NodeOptions(registry, host, bind == null ? host : bind, port, name, interval, exitOnEof, extra);
    }

    /** Returns an extra option's value, or {@code fallback}. */
    public String extra(String key, String fallback) {
        return extra.getOrDefault(key, fallback);
    }

    static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not a number: " + value, e);
        }
    }
}
