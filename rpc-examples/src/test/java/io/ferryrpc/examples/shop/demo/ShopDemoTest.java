package io.ferryrpc.examples.shop.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferryrpc.examples.shop.order.DemoOrders;
import io.ferryrpc.examples.shop.order.OrderReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole demo end to end: an embedded ZooKeeper, the monitor center, three machines as child JVMs and the
 * order system in this JVM; payment-1 is stopped after 30 of 60 orders.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ShopDemoTest {

    @Test
    void everyOrderIsAccountedForAndPaymentsFailOverToTheOtherMachine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ShopDemo.Settings settings = new ShopDemo.Settings(60, 30, 8, 100, 0, Duration.ZERO);

        DemoSummary summary = ShopDemo.run(settings, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        OrderReport orders = summary.orders();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(orders.placed()).as(printed).isEqualTo(60);
        assertThat(orders.failed()).as(printed).isZero();
        assertThat(orders.paid() + orders.declined() + orders.outOfStock() + orders.failed()).isEqualTo(60);
        // The stream of orders is fixed: 6 from the account that cannot pay, 12 posters of which 4 are in stock.
        assertThat(orders.declined()).isEqualTo(DemoOrders.unpayableOrders(60)).isEqualTo(6);
        assertThat(orders.outOfStock()).isEqualTo(DemoOrders.posterOrders(60) - 4).isEqualTo(8);
        assertThat(orders.shipped()).isEqualTo(46);
        assertThat(orders.paidBy().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(orders.paid());
        assertThat(orders.latencies().get("pay").calls()).isEqualTo(60 - 8);

        assertThat(summary.stoppedMachine()).isEqualTo("payment-1");
        assertThat(summary.stoppedExitCode()).as("graceful stop on SIGTERM").isEqualTo(143);
        assertThat(summary.paidAfterStopBy()).as(printed).containsOnlyKeys("payment-2");
        assertThat(summary.childrenExitedCleanly()).isTrue();
        assertThat(printed).contains("[payment-1] stopping: unregistering", "[payment-1] stopped after",
                "[order-system] order-1 [remote B] paid");
        // The order's id travelled with its calls (RpcContext) into the other machines' call logs.
        String traced = " from 127\\.0\\.0\\.1:\\d+ \\[trace order-\\d+\\] -> ok";
        assertThat(printed).containsPattern("\\[inventory-1\\] call #\\d: InventoryService\\.reserve" + traced)
                .containsPattern("\\[payment-2\\] call #\\d: PaymentService\\.pay" + traced);
        List<String> lines = printed.lines().toList();
        assertThat(lines.get(lines.size() - 1)).isEqualTo("SUMMARY " + summary.toJson());

        assertThat(summary.childPids()).hasSize(3);
        for (long pid : summary.childPids()) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d", pid).isFalse();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty());
    }

    @Test
    void optionsAreChecked() {
        assertThat(ShopDemo.parse(new String[] {"--orders", "40"}).stopAfter()).isEqualTo(20);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ShopDemo.parse(new String[] {"--orders", "10",
                "--stop-after", "10"})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stop-after");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ShopDemo.parse(new String[] {"--bogus", "1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --bogus");
    }
}
