package io.ferryrpc.examples.shop.node;

import io.ferryrpc.core.RpcServer;
import io.ferryrpc.monitor.MetricsFilter;
import io.ferryrpc.monitor.MonitorReporter;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One provider machine of the shop: an {@link RpcServer} registered in the registry, with a {@link MetricsFilter}
 * and a {@link MonitorReporter} so the monitor center's dashboard shows it, and a {@link CallLog} on standard
 * output. {@link #close()} stops it gracefully: unregister, serve through the grace period while consumers drop it,
 * drain the calls in flight, then push the last metrics.
 */
public final class ProviderNode implements AutoCloseable {

    /** How long a stopping provider keeps serving after unregistering, while consumers drop it from their lists. */
    public static final Duration UNREGISTER_GRACE = Duration.ofSeconds(1);

    /** How long a node whose launcher vanished spends on shutting down before it simply exits. */
    private static final Duration ORPHAN_EXIT_DEADLINE = Duration.ofSeconds(3);

    /** How long a stopping provider waits for calls in flight. */
    public static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private final NodeOptions options;
    private final FlowLog log;
    private final CallLog calls;
    private final RpcServer server;
    private final MonitorReporter reporter;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ProviderNode(NodeOptions options, FlowLog log, CallLog calls, RpcServer server, MonitorReporter reporter) {
        this.options = options;
        this.log = log;
        this.calls = calls;
        this.server = server;
        this.reporter = reporter;
    }

    /**
     * Starts a provider: {@code exports} exports the services on the server before it starts and registers.
     *
     * @throws IllegalStateException if the port cannot be bound or the registry cannot be reached
     */
    public static ProviderNode start(NodeOptions options, Consumer<RpcServer> exports) {
        FlowLog log = new FlowLog(options.name());
        MetricsFilter metrics = new MetricsFilter();
        CallLog calls = new CallLog(log, 3, 100);
        RpcServer server = RpcServer.builder()
                .bindAddress(options.bind())
                .host(options.host())
                .port(options.port())
                .registry(options.registry())
                .applicationName(options.name())
                .unregisterGracePeriod(UNREGISTER_GRACE)
                .shutdownTimeout(SHUTDOWN_TIMEOUT)
                .filter(metrics, calls)
                .build();
        try {
            exports.accept(server);
            server.start();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        MonitorReporter reporter = MonitorReporter.builder(metrics).registry(options.registry())
                .application(options.name()).interval(options.reportInterval()).build();
        return new ProviderNode(options, log, calls, server, reporter);
    }

    /** Returns the port the provider listens on. */
    public int port() {
        return server.port();
    }

    /** Returns the machine's flow log. */
    public FlowLog log() {
        return log;
    }

    /** Stops gracefully (see the class comment); idempotent and safe from a shutdown hook. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.say("stopping: unregistering, serving %d ms more while consumers drop me, then draining calls in flight",
                UNREGISTER_GRACE.toMillis());
        long start = System.nanoTime();
        server.close();
        reporter.close();
        log.say("stopped after %.0f ms; served %d calls", (System.nanoTime() - start) / 1e6, calls.total());
    }

    /**
     * Runs {@code node} until the process is stopped (SIGTERM, Ctrl-C) or, with {@code --exit-on-stdin-eof}, until
     * standard input closes; in every case the node is closed gracefully by a shutdown hook. Prints
     * {@code READY name=<name> port=<port> pid=<pid>} first, which a launcher waits for.
     */
    public static void runUntilStopped(ProviderNode node) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "shop-node-shutdown"));
        node.log.say("up: registered in %s, listening on %s:%d (advertised %s), reporting metrics every %d ms",
                node.options.registry(), node.options.bind(), node.port(), node.options.host(),
                node.options.reportInterval().toMillis());
        node.log.raw("READY name=" + node.options.name() + " port=" + node.port() + " pid="
                + ProcessHandle.current().pid());
        if (node.options.exitOnStdinEof()) {
            try {
                while (System.in.read() >= 0) {
                    // Nothing is read from the launcher; only the end of the stream matters.
                }
            } catch (IOException e) {
                // A broken pipe means the launcher is gone, as much as an end of stream does.
            }
            // The launcher is gone, and with it (if it was killed) the registry and the monitor center it ran: a
            // graceful close would wait out their timeouts. Try it, but no longer than a few seconds.
            Thread deadline = new Thread(() -> {
                try {
                    Thread.sleep(ORPHAN_EXIT_DEADLINE.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                node.log.say("the launcher is gone; exiting without waiting for the rest of the shutdown");
                Runtime.getRuntime().halt(0);
            }, "shop-node-orphan-deadline");
            deadline.setDaemon(true);
            deadline.start();
            System.exit(0);
        }
        new CountDownLatch(1).await();
    }
}
