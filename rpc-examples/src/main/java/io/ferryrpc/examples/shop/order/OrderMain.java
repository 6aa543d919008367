package io.ferryrpc.examples.shop.order;

import io.ferryrpc.examples.shop.node.FlowLog;
import io.ferryrpc.examples.shop.node.NodeOptions;
import java.util.List;
import java.util.Set;

/**
 * Machine A on its own: places orders through the payment and inventory systems found in the registry, prints a
 * summary and a {@code SUMMARY {...}} JSON line, and exits 0 when no order failed (1 otherwise, 2 on bad options).
 *
 * <p>Options: those of {@link NodeOptions} that a consumer uses ({@code --registry}, {@code --name}, default
 * {@code order-system}, {@code --report-interval}) plus {@code --orders N} (default 300), {@code --concurrency N}
 * (default 8) and {@code --rate PER_SECOND} (default 30).
 */
public final class OrderMain {

    private OrderMain() {}

    /** Runs the orders. */
    public static void main(String[] args) throws InterruptedException {
        NodeOptions options;
        OrderApplication.Settings settings;
        try {
            options = NodeOptions.parse(args, "order-system", Set.of("orders", "concurrency", "rate"));
            settings = new OrderApplication.Settings(Integer.parseInt(options.extra("orders", "300")),
                    Integer.parseInt(options.extra("concurrency", "8")),
                    Double.parseDouble(options.extra("rate", "30")), 3, 50);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: OrderMain [--registry URL] [--name NAME] [--orders N] [--concurrency N] "
                    + "[--rate PER_SECOND] [--report-interval MILLIS]");
            System.exit(2);
            return;
        }
        FlowLog log = new FlowLog(options.name());
        OrderReport report;
        try (OrderApplication app = OrderApplication.open(options.registry(), options.name(),
                options.reportInterval(), log)) {
            log.say("up: finding the payment and inventory systems in %s", options.registry());
            long start = System.nanoTime();
            List<CheckoutResult> results = app.run(settings, 0, null);
            report = OrderReport.of(results, (System.nanoTime() - start) / 1_000_000);
        }
        report.lines().forEach(line -> log.say("%s", line));
        log.raw("SUMMARY " + report.toJson());
        System.exit(report.failed() == 0 ? 0 : 1);
    }
}
