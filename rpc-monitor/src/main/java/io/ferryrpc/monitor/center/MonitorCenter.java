package io.ferryrpc.monitor.center;

import io.ferryrpc.core.RpcServer;
import io.ferryrpc.core.internal.spi.Registries;
import io.ferryrpc.core.spi.Registry;
import io.ferryrpc.core.spi.ServiceTopology;
import io.ferryrpc.monitor.center.internal.HttpFrontend;
import io.ferryrpc.monitor.center.internal.MetricsStore;
import io.ferryrpc.monitor.center.internal.PrometheusText;
import io.ferryrpc.monitor.center.internal.ServicesView;
import io.ferryrpc.monitor.push.MonitorService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor center: a Ferry provider of {@link MonitorService} that merges what every node's
 * {@code MonitorReporter} pushes, and an HTTP server with {@code /metrics} (Prometheus text), {@code /api/services}
 * (JSON: per method calls, errors, QPS and percentiles over a window, the topology) and a live dashboard at
 * {@code /}. Runnable as {@link MonitorCenterMain}, or embedded:
 *
 * <pre>{@code
 * try (MonitorCenter center = MonitorCenter.builder()
 *         .registry("zookeeper://zk:2181")
 *         .httpPort(8080)
 *         .build()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>State lives in memory: a restarted center learns nodes' cumulative totals again from their next push.
 */
public final class MonitorCenter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MonitorCenter.class);

    private final Config config;
    private final MetricsStore store;
    private final RpcServer server;
    private final HttpFrontend http;
    private final Registry topologyRegistry;
    private final AutoCloseable topologyWatch;
    private volatile List<ServiceTopology> topology = List.of();

    private MonitorCenter(Config config) {
        this.config = config;
        this.store = new MetricsStore(config.slot, config.history, config.maxSeries, System::currentTimeMillis);
        RpcServer.Builder builder = RpcServer.builder()
                .bindAddress(config.bindAddress)
                .port(config.rpcPort)
                .applicationName(config.application)
                .executorThreads(4)
                .executorQueueSize(256);
        if (config.host != null) {
            builder.host(config.host);
        }
        if (config.registry != null) {
            builder.registry(config.registry);
        }
        RpcServer rpc = builder.build();
        Registry watching = null;
        AutoCloseable watch = null;
        HttpFrontend frontend = null;
        try {
            rpc.export(MonitorService.class, store::apply);
            rpc.start();
            frontend = new HttpFrontend(config.httpBindAddress, config.httpPort,
                    () -> PrometheusText.render(store, System.currentTimeMillis(), liveSince()),
                    this::servicesJson, (int) config.history.toSeconds());
            if (config.registry != null) {
                watching = Registries.connect(config.registry, MonitorCenter.class.getClassLoader());
                try {
                    watch = watching.watchTopology(list -> topology = list);
                } catch (UnsupportedOperationException e) {
                    log.warn("the registry at {} cannot list every service; the topology view stays empty",
                            config.registry);
                }
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(watch);
            closeQuietly(watching);
            closeQuietly(frontend);
            rpc.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot serve HTTP on " + config.httpBindAddress + ":"
                        + config.httpPort + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
        this.server = rpc;
        this.http = frontend;
        this.topologyRegistry = watching;
        this.topologyWatch = watch;
        log.info("monitor center: Ferry port {}, HTTP port {}", server.port(), http.port());
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the Ferry port reporters push to. */
    public int rpcPort() {
        return server.port();
    }

    /** Returns the HTTP port of {@code /metrics}, {@code /api/services} and the dashboard. */
    public int httpPort() {
        return http.port();
    }

    /** Returns the Prometheus text {@code /metrics} serves now. */
    public String prometheusText() {
        return PrometheusText.render(store, System.currentTimeMillis(), liveSince());
    }

    /** Returns the JSON {@code /api/services?window=seconds} serves now. */
    public String servicesJson(int windowSeconds) {
        if (windowSeconds < 1 || windowSeconds > config.history.toSeconds()) {
            throw new IllegalArgumentException("window: " + windowSeconds + " (expected: seconds, 1.."
                    + config.history.toSeconds() + ")");
        }
        long now = System.currentTimeMillis();
        int live = (int) store.nodes().stream().filter(n -> n.lastSeenMillis() >= liveSince()).count();
        return ServicesView.render(store, now, windowSeconds * 1000L, live, topology, MonitorService.NAME);
    }

    private long liveSince() {
        return System.currentTimeMillis() - Math.max(3 * config.slot.toMillis(), 15_000);
    }

    /** Stops the HTTP side, unregisters and stops the Ferry side. */
    @Override
    public void close() {
        closeQuietly(topologyWatch);
        closeQuietly(topologyRegistry);
        http.close();
        server.close();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.debug("closing {} failed: {}", closeable, e.toString());
        }
    }

    private record Config(String registry, String bindAddress, String host, int rpcPort, String httpBindAddress,
            int httpPort, String application, Duration slot, Duration history, int maxSeries) {}

    /** Builds and starts a {@link MonitorCenter}. */
    public static final class Builder {
        private String registry;
        private String bindAddress = "0.0.0.0";
        private String host;
        private int rpcPort = 20890;
        private String httpBindAddress = "0.0.0.0";
        private int httpPort = 8090;
        private String application = "ferry-monitor";
        private Duration slot = Duration.ofSeconds(5);
        private Duration history = Duration.ofMinutes(15);
        private int maxSeries = 20_000;

        private Builder() {}

        /** Registers the center in this registry, where reporters find it, and reads the topology from it. */
        public Builder registry(String registryAddress) {
            this.registry = Objects.requireNonNull(registryAddress, "registryAddress");
            return this;
        }

        /** The address the Ferry port listens on; default {@code 0.0.0.0}. */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        /** The host published in the registry; default as {@code RpcServer} chooses it. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The Ferry port; default 20890, 0 for an ephemeral one. */
        public Builder rpcPort(int port) {
            this.rpcPort = checkPort(port);
            return this;
        }

        /** The address the HTTP port listens on; default {@code 0.0.0.0}. */
        public Builder httpBindAddress(String bindAddress) {
            this.httpBindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        /** The HTTP port; default 8090, 0 for an ephemeral one. */
        public Builder httpPort(int port) {
            this.httpPort = checkPort(port);
            return this;
        }

        /** The application name the center registers with; default {@code ferry-monitor}. */
        public Builder application(String application) {
            this.application = Objects.requireNonNull(application, "application");
            return this;
        }

        /** The width of a time slot of the charts; default 5 s, at least 1 s. */
        public Builder slot(Duration slot) {
            if (slot.toMillis() < 1000) {
                throw new IllegalArgumentException("slot: " + slot + " (expected: at least 1 s)");
            }
            this.slot = slot;
            return this;
        }

        /** How far back the charts go, and how long a silent node is remembered; default 15 min. */
        public Builder history(Duration history) {
            this.history = Objects.requireNonNull(history, "history");
            return this;
        }

        /** The most series held; default 20,000. */
        public Builder maxSeries(int maxSeries) {
            if (maxSeries < 1) {
                throw new IllegalArgumentException("maxSeries: " + maxSeries + " (expected: positive)");
            }
            this.maxSeries = maxSeries;
            return this;
        }

        /** Starts the center. */
        public MonitorCenter build() {
            if (history.compareTo(slot.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("history " + history + " must hold at least two slots of " + slot);
            }
            return new MonitorCenter(new Config(registry, bindAddress, host, rpcPort, httpBindAddress, httpPort,
                    application, slot, history, maxSeries));
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
            }
            return port;
        }
    }
}
