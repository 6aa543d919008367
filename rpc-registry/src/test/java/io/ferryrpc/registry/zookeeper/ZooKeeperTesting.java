package io.ferryrpc.registry.zookeeper;

import io.ferryrpc.core.RpcServer;
import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/** Real ZooKeeper servers and providers for the registry tests, all on 127.0.0.1. */
final class ZooKeeperTesting {

    /** Short ticks so that sessions of one or two seconds are allowed. */
    static final int TICK_MILLIS = 200;

    private ZooKeeperTesting() {}

    static InstanceSpec spec(int serverId) throws Exception {
        File dir = Files.createTempDirectory("ferry-zk-test").toFile();
        return new InstanceSpec(dir, -1, -1, -1, true, serverId, TICK_MILLIS, 0,
                Map.of("clientPortAddress", "127.0.0.1", "4lw.commands.whitelist", "srvr"), "127.0.0.1");
    }

    static TestingServer server() throws Exception {
        return new TestingServer(spec(1), true);
    }

    static String registry(String connectString, Duration sessionTimeout) {
        return ZooKeeperAddress.builder().hosts(connectString).sessionTimeout(sessionTimeout)
                .connectTimeout(Duration.ofSeconds(5)).build().toString();
    }

    static String registry(TestingServer zk) {
        return registry(zk.getConnectString(), Duration.ofSeconds(2));
    }

    static RpcServer provider(String registry, String name, UnaryOperator<RpcServer.Builder> customize) {
        RpcServer server = customize.apply(RpcServer.builder().bindAddress("127.0.0.1").host("127.0.0.1").port(0)
                .registry(registry).applicationName(name).unregisterGracePeriod(Duration.ofMillis(500))).build();
        server.export(Greeter.class, new NamedGreeter(name));
        return server.start();
    }

    static RpcServer provider(String registry, String name) {
        return provider(registry, name, b -> b);
    }
}
