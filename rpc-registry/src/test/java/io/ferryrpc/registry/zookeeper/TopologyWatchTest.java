package io.ferryrpc.registry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.core.spi.ConsumerInfo;
import io.ferryrpc.core.spi.ProviderInfo;
import io.ferryrpc.core.spi.Registry;
import io.ferryrpc.core.spi.ServiceKey;
import io.ferryrpc.core.spi.ServiceTopology;
import io.ferryrpc.registry.zookeeper.internal.FerryPaths;
import io.ferryrpc.registry.zookeeper.internal.NodeCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A registry lists every service's providers and consumers for the monitor, and follows changes. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TopologyWatchTest {

    private static final ServiceKey PAY = new ServiceKey("shop.Payments", "1.0", "");
    private static final ServiceKey STOCK = new ServiceKey("shop.Inventory", "2.0", "eu");

    private TestingServer zk;
    private String address;
    private CuratorFramework observer;

    @BeforeEach
    void start() throws Exception {
        zk = ZooKeeperTesting.server();
        address = ZooKeeperTesting.registry(zk);
        observer = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100));
        observer.start();
        observer.blockUntilConnected();
    }

    @AfterEach
    void stop() throws Exception {
        observer.close();
        zk.close();
    }

    private static ProviderInfo provider(ServiceKey service, int port, String application) {
        return new ProviderInfo(service, "127.0.0.1", port, 100, (byte) 1, application, 1L,
                Map.of(service.name() + ":" + service.version() + "#m()", port));
    }

    private static ServiceTopology find(List<ServiceTopology> topology, ServiceKey key) {
        return topology.stream().filter(t -> t.service().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void everyServiceIsListedWithItsProvidersAndConsumersAndChangesFollow() throws Exception {
        ZooKeeperRegistryFactory factory = new ZooKeeperRegistryFactory();
        AtomicReference<List<ServiceTopology>> seen = new AtomicReference<>(List.of());
        AtomicInteger deliveries = new AtomicInteger();
        try (Registry providers = factory.create(address);
                Registry consumer = factory.create(address);
                Registry monitor = factory.create(address)) {
            ProviderInfo a = provider(PAY, 20001, "payment-a");
            providers.register(a);
            providers.register(provider(PAY, 20002, "payment-b"));
            providers.register(provider(STOCK, 20003, "inventory"));
            consumer.registerConsumer(new ConsumerInfo(PAY, "127.0.0.1", 4242, "order", 1L));

            AutoCloseable watch = monitor.watchTopology(list -> {
                seen.set(list);
                deliveries.incrementAndGet();
            });
            // The first list arrives before watchTopology returns.
            assertThat(seen.get()).extracting(ServiceTopology::service).containsExactly(STOCK, PAY);
            ServiceTopology pay = find(seen.get(), PAY);
            assertThat(pay.providers()).extracting(ProviderInfo::application).containsExactly("payment-a", "payment-b");
            assertThat(pay.consumers()).singleElement().satisfies(c -> {
                assertThat(c.application()).isEqualTo("order");
                assertThat(c.pid()).isEqualTo(4242);
            });
            assertThat(find(seen.get(), STOCK).providers()).extracting(ProviderInfo::port).containsExactly(20003);

            // A malformed node is skipped; the others are still listed and the watch goes on.
            observer.create().forPath(FerryPaths.providers(PAY) + "/garbage",
                    "not=a provider".getBytes(StandardCharsets.UTF_8));
            providers.unregister(a);
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(find(seen.get(), PAY).providers()).extracting(ProviderInfo::port)
                            .containsExactly(20002));

            consumer.close();
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(find(seen.get(), PAY).consumers()).isEmpty());

            watch.close();
            int before = deliveries.get();
            providers.register(provider(PAY, 20009, "late"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> observer.checkExists()
                    .forPath(FerryPaths.providers(PAY) + "/127.0.0.1:20009") != null);
            assertThat(deliveries.get()).isEqualTo(before);
        }
    }

    @Test
    void consumerRecordsRoundTripAndMalformedOnesAreRefused() {
        ConsumerInfo consumer = new ConsumerInfo(STOCK, "10.1.2.3", 77, "shop", 123L);
        assertThat(NodeCodec.decodeConsumer(NodeCodec.encode(consumer))).isEqualTo(consumer);
        assertThatThrownBy(() -> NodeCodec.decodeConsumer("host=h\npid=1\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("service");
        assertThatThrownBy(() -> NodeCodec.decodeConsumer("service=s:1\nhost=h\npid=x\n"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeCodec.decodeConsumer("service=nameonly\nhost=h\npid=1\n"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class);
    }
}
