package io.ferryrpc.benchmark.registry;

import io.ferryrpc.core.RpcClient;
import io.ferryrpc.core.spi.ProviderInfo;
import io.ferryrpc.core.spi.Registry;
import io.ferryrpc.core.spi.ServiceKey;
import io.ferryrpc.registry.zookeeper.EmbeddedZooKeeper;
import io.ferryrpc.registry.zookeeper.ZooKeeperRegistryFactory;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Measures how long a provider-list change takes to reach every subscribed consumer through ZooKeeper.
 *
 * <p>A real ZooKeeper server runs in this JVM; {@code --consumers} consumers each open their own ZooKeeper session
 * and subscribe to one service; then a provider registers and unregisters in turn, {@code --changes} times, through
 * Ferry's ZooKeeper registry on a session of its own. For each change the clock starts just before the provider's
 * write and stops, per consumer, when that consumer holds the new list; the next change starts once every consumer
 * has it (or after {@code --change-timeout}). {@code --warmup-changes} untimed changes run first, so that the
 * figures are of warm JVMs rather than of the first class loading and compilation. Prints one
 * {@code RESULT {json}} line.
 *
 * <p>{@code --mode client} (the default): each consumer is an {@link RpcClient} with a proxy of the service, and a
 * consumer has the change when its provider directory has taken the new list (seen through
 * {@link ObservedRegistryFactory}, which wraps the real registry). {@code --mode registry}: each consumer is a bare
 * subscription through the Registry SPI, without a client around it.
 *
 * <p>{@code [--consumers 100] [--changes 20] [--mode client|registry] [--change-timeout 10s] [--warmup-changes 2]
 * [--max-time 5m]}
 */
public final class ProviderListPropagation {

    private static final ServiceKey SERVICE = new ServiceKey("bench.PropagationProbe", "1.0", "");
    private static final ProviderInfo STEADY = provider(20880);
    private static final ProviderInfo MOVING = provider(20881);

    /**
     * What to measure.
     *
     * @param consumers how many consumers subscribe, each with its own session
     * @param changes how many provider-list changes to time
     * @param clientMode whether each consumer is an {@link RpcClient} (else a bare registry subscription)
     * @param changeTimeout how long one change may take to reach every consumer
     * @param warmupChanges how many untimed changes run first (even, so that the first timed change adds)
     */
    public record Config(int consumers, int changes, boolean clientMode, Duration changeTimeout, int warmupChanges) {

        /** Validates. */
        public Config {
            if (consumers < 1 || changes < 1 || warmupChanges < 0 || warmupChanges % 2 != 0) {
                throw new IllegalArgumentException("consumers " + consumers + ", changes " + changes + ", warm-up "
                        + warmupChanges + " (expected at least 1 consumer and 1 change, and an even warm-up)");
            }
        }
    }

    /**
     * What was measured; times in milliseconds from the provider's write.
     *
     * @param config what was asked
     * @param setupMillis how long starting and subscribing every consumer took
     * @param seenNanos per change (rows) and consumer (columns), the delay until that consumer had the change, or
     *     -1 if it had not within the change timeout
     */
    public record Result(Config config, long setupMillis, long[][] seenNanos) {

        /** Returns the changes every consumer saw. */
        public int completeChanges() {
            return (int) Arrays.stream(seenNanos).filter(row -> Arrays.stream(row).allMatch(n -> n >= 0)).count();
        }

        /** Returns how many (consumer, change) notifications did not arrive within the change timeout. */
        public long missedNotifications() {
            return Arrays.stream(seenNanos).flatMapToLong(Arrays::stream).filter(n -> n < 0).count();
        }

        /** Returns the result as one line of JSON. */
        public String toJson() {
            List<Double> all = new ArrayList<>();
            List<Double> allSeen = new ArrayList<>();
            List<Double> firstSeen = new ArrayList<>();
            for (long[] row : seenNanos) {
                long max = -1;
                long min = Long.MAX_VALUE;
                boolean complete = true;
                for (long n : row) {
                    if (n < 0) {
                        complete = false;
                        continue;
                    }
                    all.add(n / 1e6);
                    max = Math.max(max, n);
                    min = Math.min(min, n);
                }
                if (complete) {
                    allSeen.add(max / 1e6);
                }
                if (min != Long.MAX_VALUE) {
                    firstSeen.add(min / 1e6);
                }
            }
            return String.format(Locale.ROOT, "{\"bench\":\"providerListPropagation\",\"date\":\"%s\","
                    + "\"mode\":\"%s\",\"consumers\":%d,\"changes\":%d,\"warmupChanges\":%d,\"completeChanges\":%d,"
                    + "\"missedNotifications\":%d,\"setupMillis\":%d,\"zookeeper\":\"%s in-process\","
                    + "\"allSeenMillis\":%s,\"firstSeenMillis\":%s,\"perConsumerMillis\":%s,"
                    + "\"perChangeAllSeenMillis\":%s}",
                    ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                    config.clientMode() ? "client" : "registry", config.consumers(), config.changes(),
                    config.warmupChanges(),
                    completeChanges(), missedNotifications(), setupMillis,
                    org.apache.zookeeper.Version.getFullVersion().split("[ -]")[0], stats(allSeen), stats(firstSeen),
                    stats(all), allSeen.stream().map(v -> String.format(Locale.ROOT, "%.2f", v))
                            .collect(Collectors.joining(",", "[", "]")));
        }

        /** Nearest-rank percentiles, as JSON. */
        static String stats(List<Double> values) {
            if (values.isEmpty()) {
                return "null";
            }
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return String.format(Locale.ROOT, "{\"count\":%d,\"min\":%.2f,\"p50\":%.2f,\"p90\":%.2f,\"p99\":%.2f,"
                    + "\"max\":%.2f,\"mean\":%.2f}", sorted.length, sorted[0], rank(sorted, 50), rank(sorted, 90),
                    rank(sorted, 99), sorted[sorted.length - 1], Arrays.stream(sorted).average().orElse(0));
        }

        private static double rank(double[] sorted, double percentile) {
            int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }

    private ProviderListPropagation() {}

    private static ProviderInfo provider(int port) {
        // Never called: consumers connect lazily, on a first call, so the address needs no server behind it.
        return new ProviderInfo(SERVICE, "127.0.0.1", port, 100, (byte) 1, "propagation-provider",
                System.currentTimeMillis(), Map.of());
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            // Every consumer logs each new provider list at INFO: 100 lines per change would be timed as well.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
            }
            a.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
        }
        String mode = a.getOrDefault("mode", "client");
        if (!Set.of("client", "registry").contains(mode)) {
            throw new IllegalArgumentException("--mode " + mode + " (expected client or registry)");
        }
        Config config = new Config(Integer.parseInt(a.getOrDefault("consumers", "100")),
                Integer.parseInt(a.getOrDefault("changes", "20")), mode.equals("client"),
                seconds(a.getOrDefault("change-timeout", "10s")),
                Integer.parseInt(a.getOrDefault("warmup-changes", "2")));
        Duration maxTime = seconds(a.getOrDefault("max-time", "5m"));
        Thread watchdog = new Thread(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(maxTime.toMillis());
                System.err.println("provider-list propagation: not done within " + maxTime + "; exiting");
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(3);
        }, "max-time-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        System.out.println("starting ZooKeeper and " + config.consumers() + " consumers (" + mode + " mode)");
        Result result = run(config, System.out::println);
        System.out.println("RESULT " + result.toJson());
        System.out.flush();
        System.exit(0);
    }

    private static Duration seconds(String v) {
        if (v.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        if (v.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        throw new IllegalArgumentException(v + " (expected e.g. 10s or 5m)");
    }

    /** Runs the bench: starts ZooKeeper, subscribes the consumers, times the changes, and closes everything. */
    public static Result run(Config config, java.util.function.Consumer<String> progress) throws Exception {
        int total = config.warmupChanges() + config.changes();
        Tracker tracker = new Tracker(config.consumers(), total);
        List<AutoCloseable> consumers = new ArrayList<>();
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start();
                Registry provider = new ZooKeeperRegistryFactory().create("zookeeper://" + zk.connectString())) {
            provider.register(STEADY);
            long setupStart = System.nanoTime();
            try {
                for (int i = 0; i < config.consumers(); i++) {
                    int id = i;
                    if (config.clientMode()) {
                        ObservedRegistryFactory.observe(id, list -> tracker.seen(id, list));
                        RpcClient client = RpcClient.builder()
                                .registry(ObservedRegistryFactory.address(zk.connectString(), id))
                                .applicationName("propagation-consumer-" + id)
                                .ioThreads(1)
                                .callbackThreads(1)
                                .build();
                        consumers.add(client);
                        client.proxy(PropagationProbe.class);
                    } else {
                        Registry registry = new ZooKeeperRegistryFactory().create("zookeeper://"
                                + zk.connectString());
                        consumers.add(registry);
                        consumers.add(registry.subscribe(SERVICE, list -> tracker.seen(id, list)));
                    }
                }
                long setupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - setupStart);
                progress.accept(config.consumers() + " consumers subscribed in " + setupMillis + " ms");
                for (int change = 0; change < total; change++) {
                    boolean add = change % 2 == 0;
                    CountDownLatch done = tracker.begin(change, add ? Set.of(STEADY.address(), MOVING.address())
                            : Set.of(STEADY.address()));
                    if (add) {
                        provider.register(MOVING);
                    } else {
                        provider.unregister(MOVING);
                    }
                    if (!done.await(config.changeTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                        progress.accept((change < config.warmupChanges() ? "warm-up change " : "change ")
                                + change + ": not every consumer saw it within "
                                + config.changeTimeout());
                    }
                }
                tracker.end();
                long[][] delays = tracker.delays();
                return new Result(config, setupMillis, Arrays.copyOfRange(delays, config.warmupChanges(), total));
            } finally {
                closeAll(consumers);
                ObservedRegistryFactory.clear();
            }
        }
    }

    private static void closeAll(List<AutoCloseable> resources) {
        // Subscriptions before their registries, newest first.
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("cannot close a consumer: " + e);
            }
        }
    }

    /** Records, per change and consumer, when the consumer first held the change's provider list. */
    private static final class Tracker {
        private final long[][] seenAt;
        private final long[] startedAt;
        private int current = -1;
        private Set<String> expected = Set.of();
        private CountDownLatch latch = new CountDownLatch(0);

        Tracker(int consumers, int changes) {
            this.seenAt = new long[changes][consumers];
            this.startedAt = new long[changes];
        }

        synchronized CountDownLatch begin(int change, Set<String> addresses) {
            current = change;
            expected = addresses;
            latch = new CountDownLatch(seenAt[change].length);
            startedAt[change] = System.nanoTime();
            return latch;
        }

        synchronized void end() {
            current = -1;
        }

        void seen(int consumer, List<ProviderInfo> providers) {
            long now = System.nanoTime();
            Set<String> addresses = providers.stream().map(ProviderInfo::address).collect(Collectors.toSet());
            synchronized (this) {
                if (current >= 0 && seenAt[current][consumer] == 0 && addresses.equals(expected)) {
                    seenAt[current][consumer] = now;
                    latch.countDown();
                }
            }
        }

        synchronized long[][] delays() {
            long[][] delays = new long[seenAt.length][];
            for (int c = 0; c < seenAt.length; c++) {
                delays[c] = new long[seenAt[c].length];
                for (int i = 0; i < seenAt[c].length; i++) {
                    delays[c][i] = seenAt[c][i] == 0 ? -1 : seenAt[c][i] - startedAt[c];
                }
            }
            return delays;
        }
    }
}
