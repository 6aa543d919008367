package io.ferryrpc.examples.shop.demo;

import io.ferryrpc.examples.shop.inventory.InventoryProviderMain;
import io.ferryrpc.examples.shop.node.FlowLog;
import io.ferryrpc.examples.shop.order.CheckoutResult;
import io.ferryrpc.examples.shop.order.DemoOrders;
import io.ferryrpc.examples.shop.order.OrderApplication;
import io.ferryrpc.examples.shop.order.OrderReport;
import io.ferryrpc.examples.shop.payment.PaymentProviderMain;
import io.ferryrpc.monitor.center.MonitorCenter;
import io.ferryrpc.registry.zookeeper.EmbeddedZooKeeper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The whole shop on one machine, everything on 127.0.0.1: an embedded ZooKeeper, the monitor center, two payment
 * machines (B) and an inventory machine (C) as separate JVMs, and the order system (A) in this JVM placing orders.
 * Midway one payment machine is stopped gracefully and the orders go on with the other. Ends with a readable summary
 * and a {@code SUMMARY {...}} JSON line; exits 0 when no order failed and every machine exited cleanly.
 *
 * <p>Options: {@code --orders N} (default 300), {@code --stop-after N} (stop {@code payment-1} after this many
 * orders; default half; 0: never), {@code --concurrency N} (default 8), {@code --rate PER_SECOND} (default 30),
 * {@code --http-port N} (the dashboard; default 8090 if free, else any free port), {@code --linger SECONDS}
 * (keep everything up this long after the summary, to look at the dashboard; default 0).
 */
public final class ShopDemo {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REPORT_INTERVAL = Duration.ofSeconds(1);

    /**
     * How a demo run goes. Immutable.
     *
     * @param orders how many orders to place
     * @param stopAfter after how many orders {@code payment-1} is stopped (0: never)
     * @param concurrency how many orders are in flight at most
     * @param ratePerSecond how many orders are placed per second at most
     * @param httpPort the dashboard's port; -1 for 8090 if free, else any free port; 0 for any free port
     * @param linger how long everything stays up after the summary
     */
    public record Settings(int orders, int stopAfter, int concurrency, double ratePerSecond, int httpPort,
            Duration linger) {

        /** Validates. */
        public Settings {
            if (stopAfter < 0 || stopAfter >= orders) {
                throw new IllegalArgumentException("stop-after: " + stopAfter + " (expected: 0.." + (orders - 1) + ")");
            }
            if (httpPort < -1 || httpPort > 65535) {
                throw new IllegalArgumentException("http-port: " + httpPort);
            }
            if (linger.isNegative() || linger.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("linger: " + linger + " (expected: 0..1 h)");
            }
        }

        /** The order system's part of these settings. */
        OrderApplication.Settings orderSettings() {
            return new OrderApplication.Settings(orders, concurrency, ratePerSecond, 3, 50);
        }

        /** The demo's defaults. */
        public static Settings defaults() {
            return new Settings(300, 150, 8, 30, -1, Duration.ZERO);
        }
    }

    private ShopDemo() {}

    /** Runs the demo with the given options and exits 0 on success, 1 on a failed order, 2 on bad options. */
    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: ShopDemo [--orders N] [--stop-after N] [--concurrency N] [--rate PER_SECOND] "
                    + "[--http-port N] [--linger SECONDS]");
            System.exit(2);
            return;
        }
        DemoSummary summary = run(settings, System.out, System.err);
        System.exit(summary.orders().failed() == 0 && summary.childrenExitedCleanly() ? 0 : 1);
    }

    static Settings parse(String[] args) {
        Settings d = Settings.defaults();
        int orders = d.orders();
        Integer stopAfter = null;
        int concurrency = d.concurrency();
        double rate = d.ratePerSecond();
        int httpPort = d.httpPort();
        Duration linger = d.linger();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            String value = args[i + 1];
            try {
                switch (args[i]) {
                    case "--orders" -> orders = Integer.parseInt(value);
                    case "--stop-after" -> stopAfter = Integer.parseInt(value);
                    case "--concurrency" -> concurrency = Integer.parseInt(value);
                    case "--rate" -> rate = Double.parseDouble(value);
                    case "--http-port" -> httpPort = Integer.parseInt(value);
                    case "--linger" -> linger = Duration.ofSeconds(Long.parseLong(value));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(args[i] + ": not a number: " + value, e);
            }
        }
        return new Settings(orders, stopAfter == null ? orders / 2 : stopAfter, concurrency, rate, httpPort, linger);
    }

    /**
     * Runs the demo: prints the flow to {@code out} (and the machines' standard error to {@code err}) and returns
     * the summary, after every machine it started has exited. If this JVM is stopped meanwhile (Ctrl-C), a shutdown
     * hook stops the machines.
     */
    public static DemoSummary run(Settings settings, PrintStream out, PrintStream err) throws Exception {
        FlowLog launcher = new FlowLog("launcher", out);
        List<ChildJvm> children = new ArrayList<>();
        AtomicReference<OrderApplication> running = new AtomicReference<>();
        Thread hook = new Thread(() -> {
            launcher.say("interrupted: no more orders; stopping the machines");
            OrderApplication app = running.get();
            if (app != null) {
                app.cancel();
            }
            stopAll(children, launcher);
        }, "shop-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long started = System.nanoTime();
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start()) {
            String registry = zk.address();
            launcher.say("registry: embedded ZooKeeper on %s", zk.connectString());
            try (MonitorCenter center = startCenter(registry, settings.httpPort())) {
                String dashboard = "http://127.0.0.1:" + center.httpPort() + "/";
                launcher.say("monitor center: dashboard at %s (live while the demo runs)", dashboard);
                int posters = Math.max(1, settings.orders() / 15);
                List<String> common = List.of("--registry", registry, "--host", "127.0.0.1", "--port", "0",
                        "--report-interval", Long.toString(REPORT_INTERVAL.toMillis()));
                synchronized (children) {
                    children.add(start("payment-1", PaymentProviderMain.class, common, List.of(), out, err));
                    children.add(start("payment-2", PaymentProviderMain.class, common, List.of(), out, err));
                    children.add(start("inventory-1", InventoryProviderMain.class, common,
                            List.of("--stock", "mug=100000,t-shirt=100000,poster=" + posters), out, err));
                }
                for (ChildJvm child : children) {
                    int port = child.awaitReady(READY_TIMEOUT);
                    launcher.say("%s is up: pid %d, 127.0.0.1:%d", child.name(), child.handle().pid(), port);
                }
                launcher.say("%d orders, %d at a time, %.0f per second; %d of them from an account that cannot pay, "
                        + "%d for a poster (%d in stock); payment-1 stops after order %d",
                        settings.orders(), settings.concurrency(), settings.ratePerSecond(),
                        DemoOrders.unpayableOrders(settings.orders()), DemoOrders.posterOrders(settings.orders()),
                        posters, settings.stopAfter());
                FlowLog machineA = new FlowLog("order-system", out);
                ChildJvm victim = children.get(0);
                long[] stop = {0, 0};
                List<CheckoutResult> results;
                long ordersStarted;
                try (OrderApplication app = OrderApplication.open(registry, "order-system", REPORT_INTERVAL,
                        machineA)) {
                    running.set(app);
                    machineA.say("up: this JVM is machine A; payment (B) and inventory (C) are found in the registry");
                    ordersStarted = System.nanoTime();
                    results = app.run(settings.orderSettings(), settings.stopAfter(),
                            () -> stop(app, victim, settings.stopAfter(), launcher, stop));
                }
                OrderReport report = OrderReport.of(results, (System.nanoTime() - ordersStarted) / 1_000_000);
                Map<String, Integer> paidAfterStop = new TreeMap<>();
                results.stream().filter(r -> settings.stopAfter() > 0 && r.number() > settings.stopAfter()
                        && r.paidBy() != null).forEach(r -> paidAfterStop.merge(r.paidBy(), 1, Integer::sum));
                int stoppedExit = -1;
                if (settings.stopAfter() > 0) {
                    victim.awaitExit(EXIT_TIMEOUT);
                    stoppedExit = victim.exitCode();
                }
                if (!settings.linger().isZero()) {
                    launcher.say("all orders done; everything stays up for %d s: %s", settings.linger().toSeconds(),
                            dashboard);
                    TimeUnit.MILLISECONDS.sleep(settings.linger().toMillis());
                }
                boolean clean = stopAll(children, launcher);
                List<Long> pids = children.stream().map(c -> c.handle().pid()).toList();
                DemoSummary summary = new DemoSummary(report, settings.stopAfter() > 0 ? victim.name() : null,
                        settings.stopAfter(), stop[1], stoppedExit, paidAfterStop, dashboard, pids, clean);
                printSummary(summary, settings, launcher, (System.nanoTime() - started) / 1e9);
                return summary;
            }
        } finally {
            stopAll(children, launcher);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down; the hook is running or ran.
            }
        }
    }

    private static ChildJvm start(String name, Class<?> main, List<String> common, List<String> extra,
            PrintStream out, PrintStream err) throws IOException {
        List<String> args = new ArrayList<>(common);
        args.addAll(List.of("--name", name));
        args.addAll(extra);
        return ChildJvm.start(name, main, args, out, err);
    }

    /**
     * Stops the payment machine while orders go on, and waits (bounded) until the order system has taken it off
     * its list, so that every order placed after this point goes to the other machine.
     */
    private static void stop(OrderApplication app, ChildJvm victim, int after, FlowLog launcher, long[] stop)
            throws InterruptedException {
        int before = app.client().stats().openConnections();
        launcher.say("stopping %s (SIGTERM) after order %d; orders keep coming", victim.name(), after);
        long start = System.nanoTime();
        stop[0] = start;
        victim.stop();
        // The order system's connection to the machine is retired the moment its registry watch drops it.
        long deadline = start + TimeUnit.SECONDS.toNanos(10);
        while (app.client().stats().openConnections() >= before && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(2);
        }
        stop[1] = (System.nanoTime() - start) / 1_000_000;
        if (app.client().stats().openConnections() < before) {
            launcher.say("the order system dropped %s %d ms after the SIGTERM; it drains its calls in flight",
                    victim.name(), stop[1]);
        } else {
            launcher.say("the order system still lists %s after %d ms; going on", victim.name(), stop[1]);
        }
    }

    private static boolean stopAll(List<ChildJvm> children, FlowLog launcher) {
        List<ChildJvm> alive;
        synchronized (children) {
            alive = children.stream().filter(ChildJvm::isAlive).toList();
        }
        alive.forEach(ChildJvm::stop);
        boolean clean = true;
        for (ChildJvm child : alive) {
            try {
                if (!child.awaitExit(EXIT_TIMEOUT)) {
                    launcher.say("%s did not exit within %d s; killed it", child.name(), EXIT_TIMEOUT.toSeconds());
                    clean = false;
                }
            } catch (InterruptedException e) {
                child.handle().destroyForcibly();
                Thread.currentThread().interrupt();
                clean = false;
            }
        }
        return clean;
    }

    private static MonitorCenter startCenter(String registry, int httpPort) {
        int port = httpPort == -1 ? (isFree(8090) ? 8090 : 0) : httpPort;
        try {
            return center(registry, port);
        } catch (UncheckedIOException e) {
            if (httpPort != -1 || port == 0) {
                throw e;
            }
            // 8090 was taken between the check and the bind.
            return center(registry, 0);
        }
    }

    private static MonitorCenter center(String registry, int httpPort) {
        return MonitorCenter.builder().registry(registry).bindAddress("127.0.0.1").host("127.0.0.1").rpcPort(0)
                .httpBindAddress("127.0.0.1").httpPort(httpPort).slot(Duration.ofSeconds(1))
                .history(Duration.ofMinutes(10)).build();
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void printSummary(DemoSummary s, Settings settings, FlowLog launcher, double seconds) {
        launcher.say("---------------------------------------------------------------- summary");
        s.orders().lines().forEach(line -> launcher.say("%s", line));
        if (s.stoppedMachine() != null) {
            int after = settings.orders() - s.stoppedAfterOrder();
            launcher.say("%s stopped after order %d (SIGTERM, graceful shutdown, exit code %d); orders %d..%d: "
                    + "payments taken %s%s", s.stoppedMachine(), s.stoppedAfterOrder(), s.stoppedExitCode(),
                    s.stoppedAfterOrder() + 1, settings.orders(), s.paidAfterStopBy(),
                    !s.paidAfterStopBy().containsKey(s.stoppedMachine()) && s.orders().failed() == 0
                            ? " - all by the other machine, none lost (" + after + " orders)" : "");
        }
        launcher.say("every machine exited cleanly: %s; whole demo %.1f s; dashboard was %s",
                s.childrenExitedCleanly(), seconds, s.dashboard());
        launcher.raw("SUMMARY " + s.toJson());
    }
}
