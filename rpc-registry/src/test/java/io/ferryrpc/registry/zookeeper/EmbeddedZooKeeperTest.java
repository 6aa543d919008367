package io.ferryrpc.registry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.core.RpcClient;
import io.ferryrpc.core.RpcServer;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The in-process ZooKeeper for development, and a standalone ZooKeeper server process when CI provides one. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EmbeddedZooKeeperTest {

    /** Set by .ci/run to the {@code host:port} of Debian's standalone ZooKeeper server that it started. */
    static final String STANDALONE = System.getenv("FERRY_STANDALONE_ZOOKEEPER");

    private static void callThrough(String registry) {
        try (RpcServer server = ZooKeeperTesting.provider(registry, "alpha");
                RpcClient client = RpcClient.builder().registry(registry).build()) {
            assertThat(client.proxy(Greeter.class).greet("zk")).isEqualTo("alpha greets zk");
        }
    }

    @Test
    void runsARealZooKeeperInProcessAndCleansUp() throws Exception {
        int port;
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start()) {
            port = zk.port();
            assertThat(zk.address()).isEqualTo("zookeeper://127.0.0.1:" + port);
            callThrough(zk.address());
        }
        Assertions.assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void worksAgainstAStandaloneZooKeeperProcess() {
        Assumptions.assumeTrue(STANDALONE != null && !STANDALONE.isEmpty(),
                "no standalone ZooKeeper: .ci/run starts Debian's zookeeper package and sets "
                        + "FERRY_STANDALONE_ZOOKEEPER=127.0.0.1:port; run it that way to include this test");
        callThrough(ZooKeeperTesting.registry(STANDALONE, java.time.Duration.ofSeconds(4)));
    }
}
