package io.ferryrpc.registry.zookeeper;

import io.ferryrpc.core.RpcServer;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
        // Ports chosen on 127.0.0.1: InstanceSpec's own choice (-1) probes them on the wildcard address.
        return new InstanceSpec(dir, loopbackPort(), loopbackPort(), loopbackPort(), true, serverId, TICK_MILLIS, 0,
                Map.of("clientPortAddress", "127.0.0.1", "4lw.commands.whitelist", "srvr"), "127.0.0.1");
    }

    private static int loopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Asks a server for its role ({@code leader}, {@code follower}, ...) with the {@code srvr} four-letter word. */
    static String mode(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            for (String line : reply.split("\n")) {
                if (line.startsWith("Mode: ")) {
                    return line.substring(6).trim();
                }
            }
        } catch (IOException e) {
            return "unreachable";
        }
        return "unknown";
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
        return provider(registry, name, Greeter.class, new NamedGreeter(name), customize);
    }

    /** Returns a started provider of {@code type} on 127.0.0.1, registered in {@code registry} as {@code name}. */
    static <T> RpcServer provider(String registry, String name, Class<T> type, T impl,
            UnaryOperator<RpcServer.Builder> customize) {
        RpcServer server = customize.apply(RpcServer.builder().bindAddress("127.0.0.1").host("127.0.0.1").port(0)
                .registry(registry).applicationName(name).unregisterGracePeriod(Duration.ofMillis(500))).build();
        server.export(type, impl);
        return server.start();
    }

    static RpcServer provider(String registry, String name) {
        return provider(registry, name, b -> b);
    }
}
