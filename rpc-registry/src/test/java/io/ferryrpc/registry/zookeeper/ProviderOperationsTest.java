package io.ferryrpc.registry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.core.RpcClient;
import io.ferryrpc.core.RpcServer;
import io.ferryrpc.core.spi.ServiceKey;
import io.ferryrpc.registry.zookeeper.internal.FerryPaths;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.TestingServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code RpcServer.offline()}/{@code online()} against a real ZooKeeper, and readiness following the registry
 * session: "registry disconnected" while ZooKeeper is down, ready again once it is back on the same port.
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProviderOperationsTest {

    private static final ServiceKey GREETER = new ServiceKey(Greeter.class.getName(), "1.0", "test");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(RpcServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.healthPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void offlineRemovesTheProviderNodeOnlineRecreatesItAndReadinessFollowsZooKeeper() throws Exception {
        try (TestingServer zk = ZooKeeperTesting.server();
                CuratorFramework observer = CuratorFrameworkFactory.newClient(zk.getConnectString(),
                        new ExponentialBackoffRetry(100, 10))) {
            observer.start();
            String registry = ZooKeeperTesting.registry(zk);
            try (RpcServer server = ZooKeeperTesting.provider(registry, "ops",
                    b -> b.healthEndpoint("127.0.0.1", 0));
                    RpcClient client = RpcClient.builder().registry(registry).build()) {
                String node = FerryPaths.child(FerryPaths.providers(GREETER), "127.0.0.1:" + server.port());
                assertThat(observer.checkExists().forPath(node)).isNotNull();
                assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
                Greeter greeter = client.proxy(Greeter.class);
                assertThat(greeter.whoAmI()).isEqualTo("ops");

                server.offline();
                assertThat(observer.checkExists().forPath(node)).isNull();
                HttpResponse<String> offline = get(server, "/health/ready");
                assertThat(offline.statusCode()).isEqualTo(503);
                assertThat(offline.body()).contains("offline");

                server.online();
                assertThat(observer.checkExists().forPath(node)).isNotNull();
                assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
                Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                        .until(() -> greeter.whoAmI().equals("ops"));

                zk.stop();
                Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> get(server, "/health/ready").statusCode() == 503);
                HttpResponse<String> disconnected = get(server, "/health/ready");
                assertThat(disconnected.body()).isEqualTo("{\"status\":\"DOWN\",\"reasons\":[\"registry disconnected\"]}");
                assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
                // Calls do not need ZooKeeper.
                assertThat(greeter.whoAmI()).isEqualTo("ops");

                zk.restart();
                Awaitility.await().atMost(Duration.ofSeconds(30))
                        .until(() -> get(server, "/health/ready").statusCode() == 200);
                Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> observer.checkExists().forPath(node) != null);
                assertThat(server.health().reasons()).isEmpty();
            }
        }
    }
}
