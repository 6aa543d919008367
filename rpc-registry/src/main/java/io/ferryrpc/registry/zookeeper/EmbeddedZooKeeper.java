package io.ferryrpc.registry.zookeeper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;

/**
 * A real standalone ZooKeeper server inside this process, on 127.0.0.1, with a temporary data directory that is
 * deleted on {@link #close()}: for development, demos and tests, so nothing needs to be installed.
 *
 * <pre>{@code
 * try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start()) {
 *     RpcServer server = RpcServer.builder().registry(zk.address()).build();
 * }
 * }</pre>
 *
 * <p>ZooKeeper's server (unlike its client) needs {@code io.dropwizard.metrics:metrics-core} and
 * {@code org.xerial.snappy:snappy-java} at run time, which ZooKeeper declares only as provided and this module does
 * not bring, so that applications that merely talk to a ZooKeeper do not carry them: an application or test that
 * starts an {@code EmbeddedZooKeeper} declares both (the versions are managed in Ferry's parent pom; rpc-examples
 * shows how).
 *
 * @since 0.1.0
 */
public final class EmbeddedZooKeeper implements AutoCloseable {

    private final ZooKeeperServerEmbedded server;
    private final Path baseDir;
    private final int port;

    private EmbeddedZooKeeper(ZooKeeperServerEmbedded server, Path baseDir, int port) {
        this.server = server;
        this.baseDir = baseDir;
        this.port = port;
    }

    /** Starts a server on a free port of 127.0.0.1. */
    public static EmbeddedZooKeeper start() {
        return start(0);
    }

    /**
     * Starts a server on {@code port} of 127.0.0.1 (0 for a free one).
     *
     * @throws IllegalStateException if the server cannot start (the port is taken, say)
     */
    public static EmbeddedZooKeeper start(int port) {
        Path baseDir;
        try {
            baseDir = Files.createTempDirectory("ferry-zookeeper");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for ZooKeeper", e);
        }
        int chosen = port == 0 ? freePort() : port;
        Properties config = new Properties();
        config.setProperty("clientPort", Integer.toString(chosen));
        config.setProperty("clientPortAddress", "127.0.0.1");
        // Short ticks allow session timeouts from 1 s to 60 s, so failures show quickly in development.
        config.setProperty("tickTime", "500");
        config.setProperty("maxSessionTimeout", "60000");
        config.setProperty("initLimit", "10");
        config.setProperty("syncLimit", "5");
        // Every client of a server bound to 127.0.0.1 comes from that one address, where ZooKeeper's default cap
        // of 60 connections per address would refuse the 61st client of a demo or a benchmark.
        config.setProperty("maxClientCnxns", "0");
        config.setProperty("admin.enableServer", "false");
        config.setProperty("dataDir", baseDir.resolve("data").toString());
        try {
            ZooKeeperServerEmbedded server = ZooKeeperServerEmbedded.builder()
                    .baseDir(baseDir)
                    .configuration(config)
                    .exitHandler(ExitHandler.LOG_ONLY)
                    .build();
            server.start(30_000);
            return new EmbeddedZooKeeper(server, baseDir, chosen);
        } catch (Exception e) {
            deleteTree(baseDir);
            throw new IllegalStateException("cannot start an embedded ZooKeeper on 127.0.0.1:" + chosen + ": " + e, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    /** Returns the port the server listens on. */
    public int port() {
        return port;
    }

    /** Returns the connect string, {@code 127.0.0.1:port}. */
    public String connectString() {
        return "127.0.0.1:" + port;
    }

    /** Returns the registry address for {@code RpcServer}/{@code RpcClient} builders. */
    public String address() {
        return "zookeeper://" + connectString();
    }

    /** Stops the server and deletes its data. */
    @Override
    public void close() {
        server.close();
        deleteTree(baseDir);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp directory is harmless.
        }
    }
}
