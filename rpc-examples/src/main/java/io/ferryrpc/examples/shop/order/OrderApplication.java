package io.ferryrpc.examples.shop.order;

import io.ferryrpc.core.RpcClient;
import io.ferryrpc.examples.shop.api.InventoryService;
import io.ferryrpc.examples.shop.api.Order;
import io.ferryrpc.examples.shop.api.OrderStatus;
import io.ferryrpc.examples.shop.api.PaymentService;
import io.ferryrpc.examples.shop.node.FlowLog;
import io.ferryrpc.monitor.MetricsFilter;
import io.ferryrpc.monitor.MonitorReporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Machine A: the order book (local), a Ferry client that finds the payment and inventory systems in the registry,
 * a {@link MetricsFilter} and a {@link MonitorReporter}, and a bounded run of orders through {@link Checkout}.
 */
public final class OrderApplication implements AutoCloseable {

    /**
     * How a run of orders goes. Immutable.
     *
     * @param orders how many orders to place, 1..1,000,000
     * @param concurrency how many orders are in flight at most, 1..256
     * @param ratePerSecond how many orders are placed per second at most (customers arriving)
     * @param detailed how many of the first orders are told step by step
     * @param progressEvery print a progress line after every this many finished orders
     */
    public record Settings(int orders, int concurrency, double ratePerSecond, int detailed, int progressEvery) {

        /** Validates. */
        public Settings {
            if (orders < 1 || orders > 1_000_000) {
                throw new IllegalArgumentException("orders: " + orders + " (expected: 1..1000000)");
            }
            if (concurrency < 1 || concurrency > 256) {
                throw new IllegalArgumentException("concurrency: " + concurrency + " (expected: 1..256)");
            }
            if (!(ratePerSecond > 0) || ratePerSecond > 100_000) {
                throw new IllegalArgumentException("rate: " + ratePerSecond + " (expected: > 0, at most 100000)");
            }
            if (detailed < 0 || progressEvery < 1) {
                throw new IllegalArgumentException("detailed >= 0 and progressEvery >= 1 expected");
            }
        }
    }

    /** Something to do at a point of a run, on the thread that places orders, while earlier orders go on. */
    @FunctionalInterface
    public interface Milestone {
        /** Runs; the next order is placed when it returns. */
        void reached() throws InterruptedException;
    }

    private final FlowLog log;
    private final RpcClient client;
    private final MonitorReporter reporter;
    private final OrderServiceImpl book = new OrderServiceImpl("order");
    private final Checkout checkout;
    private volatile boolean cancelled;

    private OrderApplication(FlowLog log, RpcClient client, MonitorReporter reporter) {
        this.log = log;
        this.client = client;
        this.reporter = reporter;
        this.checkout = new Checkout(book, client.proxy(InventoryService.class), client.proxy(PaymentService.class),
                log);
    }

    /**
     * Connects to the registry and starts reporting metrics.
     *
     * @param registry the registry address
     * @param name the application's name in the registry and the monitor
     * @param reportInterval how often metrics are pushed to the monitor center
     * @param log the flow log to tell
     */
    public static OrderApplication open(String registry, String name, Duration reportInterval, FlowLog log) {
        MetricsFilter metrics = new MetricsFilter();
        RpcClient client = RpcClient.builder().registry(registry).applicationName(name).filter(metrics).build();
        MonitorReporter reporter = null;
        try {
            reporter = MonitorReporter.builder(metrics).registry(registry).application(name).interval(reportInterval)
                    .build();
            return new OrderApplication(log, client, reporter);
        } catch (RuntimeException e) {
            if (reporter != null) {
                reporter.close();
            }
            client.close();
            throw e;
        }
    }

    /** Returns the Ferry client (for its counters). */
    public RpcClient client() {
        return client;
    }

    /** Returns the local order book. */
    public OrderServiceImpl book() {
        return book;
    }

    /**
     * Places {@code settings.orders()} orders, at most {@code concurrency} in flight and at most
     * {@code ratePerSecond} per second, and waits until every one is in a final state.
     *
     * @param milestoneAfter after placing this many orders, {@code milestone} runs (0: never)
     * @return the results, in the order the orders were placed
     */
    public List<CheckoutResult> run(Settings settings, int milestoneAfter, Milestone milestone)
            throws InterruptedException {
        CheckoutResult[] results = new CheckoutResult[settings.orders()];
        Semaphore slots = new Semaphore(settings.concurrency());
        AtomicInteger finished = new AtomicInteger();
        Map<OrderStatus, AtomicInteger> counts = new EnumMap<>(OrderStatus.class);
        for (OrderStatus s : OrderStatus.values()) {
            counts.put(s, new AtomicInteger());
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "order-worker-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long periodNanos = (long) (1e9 / settings.ratePerSecond());
        long start = System.nanoTime();
        try {
            for (int n = 1; n <= settings.orders(); n++) {
                if (cancelled) {
                    log.say("cancelled: no more orders placed after order %d", n - 1);
                    break;
                }
                if (n == milestoneAfter + 1 && milestone != null) {
                    milestone.reached();
                }
                long wait = start + (n - 1) * periodNanos - System.nanoTime();
                if (wait > 0) {
                    // Pacing, not waiting for state: customers arrive at the configured rate.
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                slots.acquire();
                boolean tell = n <= settings.detailed();
                Order placed = book.place(DemoOrders.request(n));
                if (tell) {
                    log.say("%s [local]    placed: %d x %s for %s, %s to pay", placed.orderId(), placed.quantity(),
                            placed.sku(), placed.account(), placed.amount());
                }
                int number = n;
                try {
                    workers.execute(() -> {
                        try {
                            CheckoutResult result = checkout.checkout(number, placed, tell);
                            results[number - 1] = result;
                            OrderStatus status = result.order().status();
                            if (counts.get(status).incrementAndGet() == 1 && !tell
                                    && status != OrderStatus.PAID_AND_SHIPPED) {
                                log.say("%s first %s: %s", placed.orderId(), status, result.order().note());
                            }
                            int done = finished.incrementAndGet();
                            if (done % settings.progressEvery() == 0 || done == settings.orders()) {
                                log.say("progress: %d/%d orders done (shipped %d, declined %d, out of stock %d, "
                                        + "failed %d) after %.1f s", done, settings.orders(),
                                        counts.get(OrderStatus.PAID_AND_SHIPPED).get(),
                                        counts.get(OrderStatus.PAYMENT_DECLINED).get(),
                                        counts.get(OrderStatus.OUT_OF_STOCK).get(),
                                        counts.get(OrderStatus.FAILED).get(), (System.nanoTime() - start) / 1e9);
                            }
                        } finally {
                            slots.release();
                        }
                    });
                } catch (RuntimeException e) {
                    slots.release();
                    throw e;
                }
            }
            // Every slot back means every order has reached a final state.
            slots.acquire(settings.concurrency());
            slots.release(settings.concurrency());
        } finally {
            workers.shutdown();
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        }
        List<CheckoutResult> list = new ArrayList<>(Arrays.asList(results));
        if (cancelled) {
            list.removeIf(java.util.Objects::isNull);
        } else if (list.contains(null)) {
            throw new IllegalStateException("an order was lost by the run itself");
        }
        return list;
    }

    /**
     * Stops placing orders (those in flight finish): for a launcher that is being stopped, so that it does not
     * send orders to machines it is shutting down. A run then returns the results of the orders it placed.
     */
    public void cancel() {
        cancelled = true;
    }

    /** Stops reporting (after a last push) and closes the client. */
    @Override
    public void close() {
        reporter.close();
        client.close();
    }
}
