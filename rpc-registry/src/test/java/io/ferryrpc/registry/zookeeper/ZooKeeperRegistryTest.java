package io.ferryrpc.registry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.RpcClient;
import io.ferryrpc.core.RpcServer;
import io.ferryrpc.core.ServiceOptions;
import io.ferryrpc.core.spi.ProviderInfo;
import io.ferryrpc.core.spi.ServiceKey;
import io.ferryrpc.registry.zookeeper.internal.FerryPaths;
import io.ferryrpc.registry.zookeeper.internal.NodeCodec;
import io.ferryrpc.registry.zookeeper.internal.ZooKeeperRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ZooKeeper registry against a real ZooKeeper server (curator-test's TestingServer). */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ZooKeeperRegistryTest {

    private static final ServiceKey GREETER = new ServiceKey(Greeter.class.getName(), "1.0", "test");

    private TestingServer zk;
    private String registry;
    private CuratorFramework observer;

    @BeforeEach
    void start() throws Exception {
        zk = ZooKeeperTesting.server();
        registry = ZooKeeperTesting.registry(zk);
        observer = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100));
        observer.start();
        observer.blockUntilConnected();
    }

    @AfterEach
    void stop() throws Exception {
        observer.close();
        zk.close();
    }

    private List<String> providerNodes() throws Exception {
        return observer.checkExists().forPath(FerryPaths.providers(GREETER)) == null ? List.of()
                : observer.getChildren().forPath(FerryPaths.providers(GREETER));
    }

    @Test
    void providersRegisterTheirCallIdTablesAndConsumersFindThem() throws Exception {
        try (RpcServer server = ZooKeeperTesting.provider(registry, "alpha");
                RpcClient client = RpcClient.builder().registry(registry).applicationName("shop").build()) {
            assertThat(providerNodes()).containsExactly("127.0.0.1:" + server.port());
            ProviderInfo published = NodeCodec.decodeProvider(observer.getData()
                    .forPath(FerryPaths.providers(GREETER) + "/127.0.0.1:" + server.port()));
            assertThat(published.service()).isEqualTo(GREETER);
            assertThat(published.application()).isEqualTo("alpha");
            assertThat(published.callIds()).containsKeys(
                    "io.ferryrpc.registry.zookeeper.Greeter:1.0#whoAmI()",
                    "io.ferryrpc.registry.zookeeper.Greeter:1.0#greet(java.lang.String)");

            Greeter greeter = client.proxy(Greeter.class);
            assertThat(greeter.greet("ann")).isEqualTo("alpha greets ann");
            assertThat(observer.getChildren().forPath(FerryPaths.consumers(GREETER))).hasSize(1);
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> providerNodes().isEmpty());
    }

    @Test
    void aClosingProviderLeavesTheListWithinASecondAndNoCallFails() throws Exception {
        try (RpcServer alpha = ZooKeeperTesting.provider(registry, "alpha");
                RpcClient client = RpcClient.builder().registry(registry).build()) {
            RpcServer beta = ZooKeeperTesting.provider(registry, "beta");
            Greeter greeter = client.proxy(Greeter.class);
            Set<String> seen = ConcurrentHashMap.newKeySet();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
                seen.add(greeter.whoAmI());
                return seen.size() == 2;
            });

            AtomicBoolean running = new AtomicBoolean(true);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            AtomicInteger calls = new AtomicInteger();
            Thread load = new Thread(() -> {
                long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (running.get() && System.nanoTime() < end && calls.get() < 200_000) {
                    try {
                        greeter.whoAmI();
                        calls.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            });
            load.start();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() > 100);
            long closing = System.nanoTime();
            beta.close();
            Awaitility.await().atMost(Duration.ofSeconds(1)).until(() -> providerNodes().size() == 1);
            // Within a second of the close, every answer comes from alpha.
            Awaitility.await().atMost(Duration.ofSeconds(1)).until(() -> {
                for (int i = 0; i < 20; i++) {
                    if (!"alpha".equals(greeter.whoAmI())) {
                        return false;
                    }
                }
                return true;
            });
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(5));
            running.set(false);
            load.join(10_000);
            assertThat(failures).as("calls that failed while a provider left").isEmpty();
            assertThat(calls.get()).isGreaterThan(100);
            // The connection to the provider that left was closed once its calls were done.
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().openConnections() == 1);
        }
    }

    @Test
    void aStaleNodeLeftAtTheSameAddressByAnotherSessionIsReplaced() throws Exception {
        // A previous process at this address whose session has not timed out yet: here, the observer's session.
        String node = FerryPaths.providers(GREETER) + "/127.0.0.1:12346";
        observer.create().creatingParentContainersIfNeeded().withMode(org.apache.zookeeper.CreateMode.EPHEMERAL)
                .forPath(node, "stale".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ZooKeeperRegistry providerSide = new ZooKeeperRegistry(ZooKeeperAddress.parse(registry));
        try {
            ProviderInfo info = new ProviderInfo(GREETER, "127.0.0.1", 12346, 100, (byte) 1, "alpha",
                    System.currentTimeMillis(), Map.of("sig", 1));
            providerSide.register(info);

            Stat stat = observer.checkExists().forPath(node);
            assertThat(stat.getEphemeralOwner())
                    .isEqualTo(providerSide.curator().getZookeeperClient().getZooKeeper().getSessionId());
            assertThat(NodeCodec.decodeProvider(observer.getData().forPath(node))).isEqualTo(info);
        } finally {
            providerSide.close();
        }
    }

    @Test
    void aProviderNodeComesBackAfterItsSessionExpires() throws Exception {
        ZooKeeperRegistry providerSide = new ZooKeeperRegistry(ZooKeeperAddress.parse(registry));
        try {
            ProviderInfo info = new ProviderInfo(GREETER, "127.0.0.1", 12345, 100, (byte) 1, "alpha",
                    System.currentTimeMillis(), Map.of("sig", 1));
            providerSide.register(info);
            String node = FerryPaths.providers(GREETER) + "/127.0.0.1:12345";
            long firstOwner = observer.checkExists().forPath(node).getEphemeralOwner();

            providerSide.curator().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();

            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
                Stat stat = observer.checkExists().forPath(node);
                return stat != null && stat.getEphemeralOwner() != firstOwner;
            });
            assertThat(NodeCodec.decodeProvider(observer.getData().forPath(node))).isEqualTo(info);
        } finally {
            providerSide.close();
        }
    }

    @Test
    void callsKeepWorkingWhileZooKeeperIsDownAndListsResyncWhenItReturns() throws Exception {
        try (RpcServer alpha = ZooKeeperTesting.provider(registry, "alpha");
                RpcClient client = RpcClient.builder().registry(registry).build()) {
            Greeter greeter = client.proxy(Greeter.class);
            assertThat(greeter.whoAmI()).isEqualTo("alpha");

            zk.stop();
            // Down for longer than the 2 s session timeout, so sessions expire when ZooKeeper returns.
            callFor(greeter, Duration.ofSeconds(3));
            zk.restart();
            callFor(greeter, Duration.ofSeconds(4));
            try (RpcServer beta = ZooKeeperTesting.provider(registry, "beta")) {
                Set<String> seen = ConcurrentHashMap.newKeySet();
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                    seen.add(greeter.whoAmI());
                    return seen.containsAll(List.of("alpha", "beta"));
                });
            }
            // alpha's node was written again after the restart (its session may have survived or not).
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> providerNodes().size() == 1);
        }
    }

    /** Calls without pause for {@code period}; every call must be answered by alpha. */
    private static void callFor(Greeter greeter, Duration period) {
        long end = System.nanoTime() + period.toNanos();
        int calls = 0;
        while (System.nanoTime() < end && calls < 1_000_000) {
            assertThat(greeter.whoAmI()).isEqualTo("alpha");
            calls++;
        }
    }

    @Test
    void missingMethodsAndMissingProvidersFailAtOnceWithTheirCodes() {
        try (RpcServer alpha = ZooKeeperTesting.provider(registry, "alpha");
                RpcClient client = RpcClient.builder().registry(registry).build()) {
            NewerGreeter newer = client.proxy(NewerGreeter.class);
            assertThat(newer.whoAmI()).isEqualTo("alpha");
            assertThatThrownBy(() -> newer.farewell("x"))
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.code()).isEqualTo(RpcException.Code.INCOMPATIBLE_INTERFACE))
                    .hasMessageContaining("Greeter:1.0#farewell(java.lang.String)");
        }
        try (RpcClient client = RpcClient.builder().registry(registry).build()) {
            Greeter greeter = client.proxy(Greeter.class);
            long start = System.nanoTime();
            assertThatThrownBy(greeter::whoAmI)
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.code()).isEqualTo(RpcException.Code.NO_PROVIDER))
                    .hasMessageContaining("io.ferryrpc.registry.zookeeper.Greeter:1.0:test");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void providersWithoutAMethodAreSkippedForItAndOthersAreUsed() {
        try (RpcServer old = ZooKeeperTesting.provider(registry, "old");
                RpcServer current = RpcServer.builder().bindAddress("127.0.0.1").host("127.0.0.1").port(0)
                        .registry(registry).build();
                RpcClient client = RpcClient.builder().registry(registry).build()) {
            current.export(NewerGreeter.class, new NewerGreeter() {
                @Override
                public String whoAmI() {
                    return "current";
                }

                @Override
                public String farewell(String name) {
                    return "bye " + name;
                }
            });
            current.start();
            NewerGreeter newer = client.proxy(NewerGreeter.class);
            Awaitility.await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                    .until(() -> "bye x".equals(newer.farewell("x")));
            for (int i = 0; i < 20; i++) {
                assertThat(newer.farewell("y")).isEqualTo("bye y");
            }
            Set<String> seen = ConcurrentHashMap.newKeySet();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
                seen.add(newer.whoAmI());
                return seen.size() == 2;
            });
        }
    }

    @Test
    void aProvidersNodeThatAnyoneCanWriteIsRefusedWithCredentials() throws Exception {
        observer.create().creatingParentsIfNeeded().forPath(FerryPaths.providers(GREETER));
        String owner = ZooKeeperAddress.builder().hosts(zk.getConnectString()).digest("payments", "s3cret")
                .build().toString();
        assertThatThrownBy(() -> ZooKeeperTesting.provider(owner, "alpha"))
                .isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.code()).isEqualTo(RpcException.Code.FORBIDDEN))
                .hasMessageContaining("anyone could register");
    }

    @Test
    void versionsAndGroupsRouteCallsAndStarFollowsEveryVersion() {
        try (RpcServer v1 = ZooKeeperTesting.provider(registry, "v1");
                RpcServer v2 = RpcServer.builder().bindAddress("127.0.0.1").host("127.0.0.1").port(0)
                        .registry(registry).build();
                RpcClient plain = RpcClient.builder().registry(registry).build();
                RpcClient any = RpcClient.builder().registry(registry)
                        .service(Greeter.class, ServiceOptions.builder().version("*").build()).build();
                RpcClient otherGroup = RpcClient.builder().registry(registry)
                        .service(Greeter.class, ServiceOptions.builder().group("other").build()).build()) {
            v2.export(GreeterV2.class, () -> "v2").start();
            Greeter onlyV1 = plain.proxy(Greeter.class);
            for (int i = 0; i < 100; i++) {
                assertThat(onlyV1.whoAmI()).isEqualTo("v1");
            }
            Greeter star = any.proxy(Greeter.class);
            Set<String> seen = ConcurrentHashMap.newKeySet();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
                seen.add(star.whoAmI());
                return seen.size() == 2;
            });
            // greet() exists only in version 1.0: with "*" it goes to the providers that have it.
            for (int i = 0; i < 20; i++) {
                assertThat(star.greet("z")).isEqualTo("v1 greets z");
            }
            assertThatThrownBy(() -> otherGroup.proxy(Greeter.class).whoAmI())
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.code()).isEqualTo(RpcException.Code.NO_PROVIDER))
                    .hasMessageContaining(":1.0:other");
        }
    }

    @Test
    void aChrootKeepsEveryNodeBelowIt() throws Exception {
        String chrooted = ZooKeeperAddress.builder().hosts(zk.getConnectString()).chroot("/shop/eu").build()
                .toString();
        try (RpcServer alpha = ZooKeeperTesting.provider(chrooted, "alpha");
                RpcClient client = RpcClient.builder().registry(chrooted).build()) {
            assertThat(client.proxy(Greeter.class).whoAmI()).isEqualTo("alpha");
            assertThat(observer.getChildren().forPath("/shop/eu" + FerryPaths.providers(GREETER))).hasSize(1);
            assertThat(observer.checkExists().forPath("/ferry")).isNull();
        }
    }

    @Test
    void withDigestCredentialsOnlyTheOwnerCanRegister() {
        String owner = ZooKeeperAddress.builder().hosts(zk.getConnectString()).digest("payments", "s3cret")
                .build().toString();
        // A consumer without credentials that comes first creates the service's node; providers stay protected.
        try (RpcClient early = RpcClient.builder().registry(registry).build();
                RpcServer alpha = ZooKeeperTesting.provider(owner, "alpha")) {
            early.proxy(Greeter.class);
            assertThatThrownBy(() -> ZooKeeperTesting.provider(registry, "impostor"))
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.code()).isEqualTo(RpcException.Code.FORBIDDEN));
            String wrongPassword = ZooKeeperAddress.builder().hosts(zk.getConnectString())
                    .digest("payments", "guess").build().toString();
            assertThatThrownBy(() -> ZooKeeperTesting.provider(wrongPassword, "impostor"))
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.code()).isEqualTo(RpcException.Code.FORBIDDEN));
            // Anyone may still read the providers, so consumers need no credentials.
            try (RpcClient client = RpcClient.builder().registry(registry).build()) {
                assertThat(client.proxy(Greeter.class).whoAmI()).isEqualTo("alpha");
            }
            assertThatThrownBy(() -> observer.delete().forPath(FerryPaths.providers(GREETER) + "/127.0.0.1:"
                    + alpha.port())).isInstanceOf(org.apache.zookeeper.KeeperException.NoAuthException.class);
        }
    }

    @Test
    void aClientStartedWithoutZooKeeperFailsClearlyOrStartsFromItsSnapshot() throws Exception {
        Path snapshot = Files.createTempDirectory("ferry-snapshot").resolve("providers.properties");
        String withSnapshot = ZooKeeperAddress.builder().hosts(zk.getConnectString())
                .connectTimeout(Duration.ofMillis(800)).snapshotFile(snapshot).build().toString();
        try (RpcServer alpha = ZooKeeperTesting.provider(registry, "alpha")) {
            try (RpcClient client = RpcClient.builder().registry(withSnapshot).build()) {
                assertThat(client.proxy(Greeter.class).whoAmI()).isEqualTo("alpha");
            }
            assertThat(snapshot).exists();
            zk.stop();

            String plain = ZooKeeperAddress.builder().hosts(zk.getConnectString())
                    .connectTimeout(Duration.ofMillis(800)).build().toString();
            long start = System.nanoTime();
            assertThatThrownBy(() -> RpcClient.builder().registry(plain).build())
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.code()).isEqualTo(RpcException.Code.CONNECTION_FAILED))
                    .hasMessageContaining("cannot reach ZooKeeper");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

            try (RpcClient client = RpcClient.builder().registry(withSnapshot).build()) {
                assertThat(client.proxy(Greeter.class).whoAmI()).isEqualTo("alpha");
            }
            zk.restart();
        }
    }

    @Test
    void aProviderReRegisteringAfterAnOutageNeverLeavesTheConsumersList() throws Exception {
        // The longest session this server allows, so the re-registration below happens well within it.
        ZooKeeperAddress address = ZooKeeperAddress.parse(ZooKeeperTesting.registry(zk.getConnectString(),
                Duration.ofSeconds(4)));
        ZooKeeperRegistry providerSide = new ZooKeeperRegistry(address);
        ZooKeeperRegistry consumerSide = new ZooKeeperRegistry(address);
        try {
            for (int port = 1; port <= 2; port++) {
                providerSide.register(new ProviderInfo(GREETER, "127.0.0.1", port, 100, (byte) 1, "p" + port,
                        System.currentTimeMillis(), Map.of("sig", 1)));
            }
            AtomicBoolean reconnected = new AtomicBoolean();
            consumerSide.curator().getConnectionStateListenable().addListener((c, state) -> {
                if (state == org.apache.curator.framework.state.ConnectionState.RECONNECTED) {
                    reconnected.set(true);
                }
            });
            List<List<String>> lists = new CopyOnWriteArrayList<>();
            try (AutoCloseable subscription = consumerSide.subscribe(GREETER,
                    providers -> lists.add(providers.stream().map(ProviderInfo::address).toList()))) {
                assertThat(lists).last().isEqualTo(List.of("127.0.0.1:1", "127.0.0.1:2"));
                // The consumer's session ends, as in an outage longer than a session ...
                consumerSide.curator().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
                Awaitility.await().atMost(Duration.ofSeconds(15)).untilTrue(reconnected);
                int before = lists.size();
                // ... and a provider whose session ended too re-registers: its old node goes, a new one comes.
                String node = FerryPaths.providers(GREETER) + "/127.0.0.1:1";
                byte[] data = observer.getData().forPath(node);
                observer.delete().forPath(node);
                observer.create().withMode(org.apache.zookeeper.CreateMode.EPHEMERAL).forPath(node, data);
                // A provider added afterwards marks the point where the consumer has seen both changes.
                observer.create().withMode(org.apache.zookeeper.CreateMode.EPHEMERAL)
                        .forPath(FerryPaths.providers(GREETER) + "/127.0.0.1:3", NodeCodec.encode(new ProviderInfo(
                                GREETER, "127.0.0.1", 3, 100, (byte) 1, "p3", System.currentTimeMillis(),
                                Map.of("sig", 1))));
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lists.get(lists.size() - 1)
                        .equals(List.of("127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3")));
                assertThat(lists.subList(before, lists.size())).as("lists delivered after the reconnection")
                        .allSatisfy(list -> assertThat(list).contains("127.0.0.1:1", "127.0.0.1:2"));
            }
        } finally {
            consumerSide.close();
            providerSide.close();
        }
    }
}
