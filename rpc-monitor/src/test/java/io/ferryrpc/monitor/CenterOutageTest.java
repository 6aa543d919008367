package io.ferryrpc.monitor;

import static io.ferryrpc.monitor.MonitorTesting.consumer;
import static io.ferryrpc.monitor.MonitorTesting.method;
import static io.ferryrpc.monitor.MonitorTesting.provider;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.core.testing.NoLeaksExtension;
import io.ferryrpc.monitor.MonitorTesting.Node;
import io.ferryrpc.monitor.center.MonitorCenter;
import io.ferryrpc.registry.zookeeper.EmbeddedZooKeeper;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Calls go on while the center is down, and the center that comes back has every count. */
@Timeout(90)
@ExtendWith(NoLeaksExtension.class)
class CenterOutageTest {

    private static final Map<String, String> PAY = Map.of("rpc_method", "shop.Payments/pay");

    @Test
    void countsSurviveTheCenterGoingAwayAndComingBack() throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start();
                Node provider = provider(zk.address(), "payment");
                Node consumer = consumer(zk.address(), "order")) {
            Payments payments = consumer.payments();
            MonitorCenter before = MonitorTesting.center(zk.address());
            try {
                for (int i = 0; i < 30; i++) {
                    payments.pay("before-" + i);
                }
                Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        method(MonitorTesting.services(before, 120), "shop.Payments:1.0", "pay")
                                .path("server").path("calls").asLong()).isEqualTo(30));
            } finally {
                before.close();
            }

            long failedBefore = consumer.reporter().stats().failedPushes();
            for (int i = 0; i < 20; i++) {
                assertThat(payments.pay("during-" + i)).isEqualTo("paid during-" + i);
            }
            // The reporters keep trying and keep the intervals the center has not confirmed.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    consumer.reporter().stats().failedPushes() >= failedBefore + 3
                            && consumer.reporter().stats().bufferedIntervals() > 0
                            && provider.reporter().stats().bufferedIntervals() > 0);

            try (MonitorCenter after = MonitorTesting.center(zk.address())) {
                Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                    PrometheusTextParser metrics = PrometheusTextParser.parse(after.prometheusText());
                    assertThat(metrics.sum("rpc_client_call_duration_seconds_count", PAY)).isEqualTo(50);
                    assertThat(metrics.sum("rpc_server_call_duration_seconds_count", PAY)).isEqualTo(50);
                });
                // The calls of the outage are placed in time from the intervals the nodes kept.
                var pay = method(MonitorTesting.services(after, 120), "shop.Payments:1.0", "pay");
                assertThat(pay.path("client").path("calls").asLong()).isEqualTo(20);
                assertThat(pay.path("server").path("calls").asLong()).isEqualTo(20);
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                        consumer.reporter().stats().bufferedIntervals() == 0);
            }
        }
    }
}
