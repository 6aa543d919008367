package io.ferryrpc.benchmark.registry;

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
 * A standalone ZooKeeper server in this JVM on 127.0.0.1, configured as Ferry's {@code EmbeddedZooKeeper} is, but
 * without ZooKeeper's default cap of 60 connections per client address, which 100 consumers from 127.0.0.1 exceed.
 */
public final class InProcessZooKeeper implements AutoCloseable {

    private final ZooKeeperServerEmbedded server;
    private final Path baseDir;
    private final int port;

    private InProcessZooKeeper(ZooKeeperServerEmbedded server, Path baseDir, int port) {
        this.server = server;
        this.baseDir = baseDir;
        this.port = port;
    }

    /** Starts a server on a free port of 127.0.0.1, waiting at most 30 s. */
    public static InProcessZooKeeper start() {
        Path baseDir;
        int port;
        try {
            baseDir = Files.createTempDirectory("ferry-bench-zookeeper");
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare ZooKeeper", e);
        }
        Properties config = new Properties();
        config.setProperty("clientPort", Integer.toString(port));
        config.setProperty("clientPortAddress", "127.0.0.1");
        config.setProperty("tickTime", "500");
        config.setProperty("maxSessionTimeout", "60000");
        config.setProperty("initLimit", "10");
        config.setProperty("syncLimit", "5");
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
            return new InProcessZooKeeper(server, baseDir, port);
        } catch (Exception e) {
            deleteTree(baseDir);
            throw new IllegalStateException("cannot start ZooKeeper on 127.0.0.1:" + port + ": " + e, e);
        }
    }

    /** Returns {@code 127.0.0.1:port}. */
    public String connectString() {
        return "127.0.0.1:" + port;
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
            // A leftover temporary directory is harmless.
        }
    }
}
