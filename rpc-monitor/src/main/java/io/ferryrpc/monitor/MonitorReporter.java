package io.ferryrpc.monitor;

import io.ferryrpc.core.CallPolicy;
import io.ferryrpc.core.RpcClient;
import io.ferryrpc.core.internal.net.AdvertisedAddress;
import io.ferryrpc.monitor.internal.CallStatistics;
import io.ferryrpc.monitor.internal.LatencyLayout;
import io.ferryrpc.monitor.internal.ReportBuffer;
import io.ferryrpc.monitor.push.MetricsReport;
import io.ferryrpc.monitor.push.MonitorService;
import io.ferryrpc.monitor.push.PushAck;
import io.ferryrpc.monitor.push.ReportInterval;
import io.ferryrpc.monitor.push.SeriesReport;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes what a {@link MetricsFilter} recorded to the monitor center every few seconds: per series the cumulative
 * counts and mergeable latency histograms (buckets, not percentiles), and their change over the interval.
 *
 * <pre>{@code
 * MonitorReporter reporter = MonitorReporter.builder(metrics)
 *         .registry("zookeeper://zk:2181")        // the center registers itself there
 *         .application("order-system")
 *         .build();                               // starts pushing; close() pushes once more and stops
 * }</pre>
 *
 * <p>Calls never wait for the reporter. While the center is unreachable, intervals wait in a bounded buffer (the
 * oldest are folded together when it is full, so counts survive any outage and only time resolution is lost) and
 * are sent when it returns; the first failure is logged once, and the recovery once. Pushes go through a Ferry
 * client of the reporter's own, which the filter does not measure.
 */
public final class MonitorReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MonitorReporter.class);

    /** What a reporter has done so far. */
    public record Stats(long pushes, long failedPushes, int bufferedIntervals, long foldedIntervals,
            long confirmedSequence) {}

    private final CallStatistics statistics;
    private final Config config;
    private final String nodeId = UUID.randomUUID().toString();
    private final String host = AdvertisedAddress.chooseOrLoopback();
    private final ReportBuffer buffer;
    private final ScheduledExecutorService scheduler;
    private final Object lock = new Object();
    private RpcClient client;
    private MonitorService center;
    private long sequence;
    private long intervalStart = System.currentTimeMillis();
    private long pushes;
    private long failures;
    private long consecutiveFailures;
    private long confirmed;
    private boolean closed;

    private MonitorReporter(MetricsFilter source, Config config) {
        this.statistics = source.statistics();
        this.config = config;
        this.buffer = new ReportBuffer(config.bufferCapacity);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-monitor-reporter");
            t.setDaemon(true);
            return t;
        });
        long period = config.interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /** Returns a builder of a reporter of what {@code source} records. */
    public static Builder builder(MetricsFilter source) {
        return new Builder(Objects.requireNonNull(source, "source"));
    }

    /**
     * Closes the current interval and pushes everything waiting now, on the caller's thread.
     *
     * @return whether the center confirmed every interval
     */
    public boolean flush() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            collect();
            return push();
        }
    }

    /** Returns what the reporter has done so far. */
    public Stats stats() {
        synchronized (lock) {
            return new Stats(pushes, failures, buffer.size(), buffer.folded(), confirmed);
        }
    }

    private void tick() {
        try {
            flush();
        } catch (RuntimeException e) {
            // Never let the schedule die: the next tick tries again.
            log.warn("monitor reporter tick failed", e);
        }
    }

    private void collect() {
        List<SeriesReport> changes = statistics.collectChanges();
        long now = System.currentTimeMillis();
        if (!changes.isEmpty()) {
            sequence++;
            buffer.add(new ReportInterval(sequence, sequence, intervalStart, now, changes));
        }
        intervalStart = now;
    }

    /** Pushes waiting intervals, a bounded batch at a time, until none wait or a push fails. */
    private boolean push() {
        int batches = 0;
        do {
            List<ReportInterval> batch = buffer.oldest(config.maxIntervalsPerPush);
            try {
                PushAck ack = center().push(new MetricsReport(nodeId, config.application, host,
                        ProcessHandle.current().pid(), LatencyLayout.ID, batch));
                pushes++;
                confirmed = Math.max(confirmed, ack.appliedThrough());
                buffer.confirm(ack.appliedThrough());
                if (consecutiveFailures > 0) {
                    log.info("monitor center reachable again after {} failed pushes; {} intervals wait", 
                            consecutiveFailures, buffer.size());
                    consecutiveFailures = 0;
                }
            } catch (RuntimeException e) {
                failures++;
                if (consecutiveFailures++ == 0) {
                    log.warn("cannot push metrics to the monitor center ({}); keeping up to {} intervals and "
                            + "retrying every {}; calls are not affected", e.toString(), config.bufferCapacity,
                            config.interval);
                } else {
                    log.debug("monitor push failed again: {}", e.toString());
                }
                return false;
            }
        } while (buffer.size() > 0 && ++batches < config.bufferCapacity);
        return buffer.size() == 0;
    }

    private MonitorService center() {
        if (center == null) {
            RpcClient.Builder builder = RpcClient.builder()
                    .applicationName(config.application)
                    .connectTimeout(config.pushTimeout)
                    .defaultPolicy(CallPolicy.builder().timeout(config.pushTimeout).build());
            if (config.registry != null) {
                builder.registry(config.registry);
            }
            RpcClient built = builder.build();
            try {
                center = config.registry != null ? built.proxy(MonitorService.class)
                        : built.proxy(MonitorService.class, config.centerAddress);
            } catch (RuntimeException e) {
                built.close();
                throw e;
            }
            client = built;
        }
        return center;
    }

    /** Pushes what was recorded since the last push (bounded by the push timeout), then stops. Idempotent. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(config.pushTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                collect();
                if (buffer.size() > 0) {
                    push();
                }
            } catch (RuntimeException e) {
                log.debug("last monitor push failed: {}", e.toString());
            } finally {
                closed = true;
                if (client != null) {
                    client.close();
                }
            }
        }
    }

    private record Config(String registry, String centerAddress, String application, Duration interval,
            int bufferCapacity, int maxIntervalsPerPush, Duration pushTimeout) {}

    /** Builds a {@link MonitorReporter}; either {@link #registry} or {@link #centerAddress} is required. */
    public static final class Builder {
        private final MetricsFilter source;
        private String registry;
        private String centerAddress;
        private String application = "unknown";
        private Duration interval = Duration.ofSeconds(5);
        private int bufferCapacity = 120;
        private int maxIntervalsPerPush = 12;
        private Duration pushTimeout = Duration.ofSeconds(3);

        private Builder(MetricsFilter source) {
            this.source = source;
        }

        /** Finds the monitor center through this registry, e.g. {@code zookeeper://zk:2181}. */
        public Builder registry(String registryAddress) {
            this.registry = Objects.requireNonNull(registryAddress, "registryAddress");
            return this;
        }

        /** Pushes to the center's Ferry port at {@code host:port} directly, without a registry. */
        public Builder centerAddress(String hostAndPort) {
            this.centerAddress = Objects.requireNonNull(hostAndPort, "hostAndPort");
            return this;
        }

        /** Names this node's application in reports; default {@code unknown}. */
        public Builder application(String application) {
            this.application = Objects.requireNonNull(application, "application");
            return this;
        }

        /** Sets how often to push; default 5 s. */
        public Builder interval(Duration interval) {
            if (interval.toMillis() < 10) {
                throw new IllegalArgumentException("interval: " + interval + " (expected: at least 10 ms)");
            }
            this.interval = interval;
            return this;
        }

        /** Sets how many intervals wait at most while the center is unreachable; default 120 (at least 2). */
        public Builder bufferCapacity(int intervals) {
            if (intervals < 2) {
                throw new IllegalArgumentException("bufferCapacity: " + intervals + " (expected: at least 2)");
            }
            this.bufferCapacity = intervals;
            return this;
        }

        /** Sets how many intervals one push carries at most, which bounds a push's size; default 12. */
        public Builder maxIntervalsPerPush(int intervals) {
            if (intervals < 1) {
                throw new IllegalArgumentException("maxIntervalsPerPush: " + intervals + " (expected: at least 1)");
            }
            this.maxIntervalsPerPush = intervals;
            return this;
        }

        /** Sets the timeout of one push and of connecting to the center; default 3 s. */
        public Builder pushTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("pushTimeout: " + timeout + " (expected: positive)");
            }
            this.pushTimeout = timeout;
            return this;
        }

        /** Starts the reporter. */
        public MonitorReporter build() {
            if ((registry == null) == (centerAddress == null)) {
                throw new IllegalStateException("set exactly one of registry(...) or centerAddress(...)");
            }
            return new MonitorReporter(source, new Config(registry, centerAddress, application, interval,
                    bufferCapacity, maxIntervalsPerPush, pushTimeout));
        }
    }
}
