package io.ferryrpc.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.api.RpcMethod;
import io.ferryrpc.api.RpcService;
import io.ferryrpc.core.RpcClient;
import io.ferryrpc.core.RpcServer;
import io.ferryrpc.core.testing.Loopback;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Both sides record every call with OpenTelemetry's names and the tags operators expect. */
@Timeout(30)
class MetricsFilterTest {

    /** A small service to measure. */
    @RpcService(name = "shop.Payments", version = "1.0")
    public interface Payments {
        /** Pays. */
        String pay(String order);

        /** Fails on purpose. */
        String refund(String order);

        /** Waits for the test. */
        @RpcMethod(timeoutMillis = 100)
        String slow(String order);
    }

    @Test
    void bothSidesRecordCountsLatenciesAndOutcomes() {
        SimpleMeterRegistry serverMeters = new SimpleMeterRegistry();
        SimpleMeterRegistry clientMeters = new SimpleMeterRegistry();
        CountDownLatch gate = new CountDownLatch(1);
        Payments impl = new Payments() {
            @Override
            public String pay(String order) {
                return "paid " + order;
            }

            @Override
            public String refund(String order) {
                throw new IllegalStateException("no refunds");
            }

            @Override
            public String slow(String order) {
                try {
                    gate.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return order;
            }
        };
        try (RpcServer server = Loopback.server(Payments.class, impl,
                        b -> b.applicationName("payment").filter(new MetricsFilter(serverMeters)));
                RpcClient client = RpcClient.builder().applicationName("order")
                        .filter(new MetricsFilter(clientMeters)).build()) {
            FerryMetrics.bind(server, serverMeters);
            FerryMetrics.bind(client, clientMeters);
            Payments payments = client.proxy(Payments.class, Loopback.address(server));
            for (int i = 0; i < 25; i++) {
                payments.pay("o-" + i);
            }
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> payments.refund("o")).isInstanceOf(IllegalStateException.class);
            }
            assertThatThrownBy(() -> payments.slow("o")).isInstanceOfSatisfying(RpcException.class,
                    e -> assertThat(e.code()).isEqualTo(RpcException.Code.TIMEOUT));
            gate.countDown();

            Timer clientOk = clientMeters.get("rpc.client.call.duration")
                    .tags("rpc.method", "shop.Payments/pay", "rpc.response.status_code", "OK",
                            "rpc.system.name", "ferry", "application", "order", "error.type", "none",
                            "server.address", "127.0.0.1", "server.port", Integer.toString(server.port()))
                    .timer();
            assertThat(clientOk.count()).isEqualTo(25);
            assertThat(clientOk.totalTime(TimeUnit.NANOSECONDS)).isPositive();
            assertThat(clientMeters.get("rpc.client.call.duration")
                    .tags("rpc.method", "shop.Payments/refund", "rpc.response.status_code", "APPLICATION_ERROR",
                            "error.type", "java.lang.IllegalStateException").timer().count()).isEqualTo(3);
            assertThat(clientMeters.get("rpc.client.call.duration")
                    .tags("rpc.method", "shop.Payments/slow", "error.type", "TIMEOUT").timer().count()).isEqualTo(1);
            assertThat(clientMeters.get("rpc.client.calls.timeouts").counter().count()).isEqualTo(1);
            assertThat(clientMeters.get("ferry.rpc.client.provider.duration")
                    .tags("rpc.method", "shop.Payments/pay").timer().count()).isEqualTo(25);

            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> serverMeters
                    .find("rpc.server.call.duration").tags("rpc.method", "shop.Payments/slow").timer() != null);
            Timer serverOk = serverMeters.get("rpc.server.call.duration")
                    .tags("rpc.method", "shop.Payments/pay", "rpc.response.status_code", "OK",
                            "application", "payment", "client.address", "127.0.0.1")
                    .timer();
            assertThat(serverOk.count()).isEqualTo(25);
            assertThat(serverMeters.get("rpc.server.call.duration")
                    .tags("rpc.method", "shop.Payments/refund", "rpc.response.status_code", "APPLICATION_ERROR")
                    .timer().count()).isEqualTo(3);
            assertThat(serverMeters.get("rpc.server.connections").gauge().value()).isEqualTo(1);
            assertThat(clientMeters.get("rpc.client.connections").gauge().value()).isEqualTo(1);

            // No ephemeral port, call ID or request id ever becomes a tag value.
            for (SimpleMeterRegistry meters : new SimpleMeterRegistry[] {serverMeters, clientMeters}) {
                for (Meter meter : meters.getMeters()) {
                    assertThat(meter.getId().getTags()).allSatisfy(tag -> {
                        assertThat(tag.getKey()).doesNotContain("id");
                        if (tag.getKey().endsWith("port")) {
                            assertThat(tag.getValue()).isEqualTo(Integer.toString(server.port()));
                        }
                    });
                }
            }
        }
    }
}
