package io.ferryrpc.registry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.core.RpcClient;
import io.ferryrpc.core.RpcServer;
import io.ferryrpc.core.spi.ServiceKey;
import io.ferryrpc.registry.zookeeper.internal.FerryPaths;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A provider process killed with SIGKILL (an ensemble losing its leader or its quorum: {@link LeaderLossTest}). */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ZooKeeperFaultsTest {

    private static final ServiceKey GREETER = new ServiceKey(Greeter.class.getName(), "1.0", "test");

    @Test
    void aKilledProviderLeavesAtSessionTimeoutAndCallsFailOver() throws Exception {
        try (TestingServer zk = ZooKeeperTesting.server();
                CuratorFramework observer = CuratorFrameworkFactory.newClient(zk.getConnectString(),
                        new RetryOneTime(100))) {
            observer.start();
            String registry = ZooKeeperTesting.registry(zk.getConnectString(), Duration.ofSeconds(2));
            Process victim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ProviderProcess.class.getName(), registry, "victim")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try (RpcServer survivor = ZooKeeperTesting.provider(registry, "survivor");
                    RpcClient client = RpcClient.builder().registry(registry).build()) {
                BufferedReader out = new BufferedReader(new InputStreamReader(victim.getInputStream(),
                        StandardCharsets.UTF_8));
                String line = out.readLine();
                assertThat(line).startsWith("PORT=");
                Greeter greeter = client.proxy(Greeter.class);
                Set<String> seen = ConcurrentHashMap.newKeySet();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                    seen.add(greeter.whoAmI());
                    return seen.size() == 2;
                });

                victim.destroyForcibly();
                assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();
                long killed = System.nanoTime();
                // Every call after the kill finds a provider: a connection that cannot be made is retried on
                // the survivor, within the caller's deadline.
                List<String> answers = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    answers.add(greeter.whoAmI());
                }
                assertThat(answers).containsOnly("survivor");
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                        observer.getChildren().forPath(FerryPaths.providers(GREETER)).size() == 1);
                assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(10));
            } finally {
                victim.destroyForcibly();
            }
        }
    }
}
