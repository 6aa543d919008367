package io.ferryrpc.registry.chaos;

import io.ferryrpc.core.RpcServer;
import io.ferryrpc.registry.zookeeper.ZooKeeperAddress;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A {@link LedgerService} provider in its own JVM, run inside a network namespace:
 * {@code LedgerProviderMain <zookeeper host:port> <host> <name> <executions file> <session timeout ms>}. It listens on
 * and advertises {@code host}, prints {@code PORT=n} once registered, and runs until its standard input closes.
 *
 * <p>Every execution is appended to the executions file as {@code <name> <request id>} with one {@code write} per
 * line, before the method answers: the line is in the kernel's page cache once written, so it survives a
 * {@code kill -9} of this process. A {@link FileOutputStream}, not a {@code FileChannel}: a consumer's CANCEL
 * interrupts the running call, and an interrupted {@code FileChannel} closes itself for every later call.
 */
public final class LedgerProviderMain {

    /** Simulated work per call, so that calls are in flight when a fault strikes. */
    static final Duration WORK = Duration.ofMillis(5);

    private LedgerProviderMain() {}

    /** Runs the provider until standard input closes. */
    public static void main(String[] args) throws IOException {
        // The test signals this JVM by pid: `ip netns exec` forks it, so it is not the pid the test started.
        System.out.println("PID=" + ProcessHandle.current().pid());
        String zookeeper = args[0];
        String host = args[1];
        String name = args[2];
        String executions = args[3];
        Duration session = Duration.ofMillis(Long.parseLong(args[4]));
        String registry = ZooKeeperAddress.builder().hosts(zookeeper).sessionTimeout(session)
                .connectTimeout(Duration.ofSeconds(20)).build().toString();
        try (FileOutputStream log = new FileOutputStream(executions, true);
                RpcServer server = RpcServer.builder().bindAddress(host).host(host).port(0).registry(registry)
                        .applicationName(name).ioThreads(1).executorThreads(32)
                        .heartbeatInterval(ChaosConsumerMain.HEARTBEAT)
                        .unregisterGracePeriod(Duration.ofMillis(200)).shutdownTimeout(Duration.ofSeconds(2))
                        .build()) {
            server.export(LedgerService.class, new Ledger(name, log));
            server.start();
            System.out.println("PORT=" + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Serve until the test closes our input (or kills us).
            }
        }
    }

    /** Writes down each request id it runs, then pretends to work. */
    private static final class Ledger implements LedgerService {
        private final String name;
        private final FileOutputStream log;

        Ledger(String name, FileOutputStream log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public String record(String requestId) {
            return execute(requestId);
        }

        @Override
        public String charge(String requestId) {
            return execute(requestId);
        }

        private String execute(String requestId) {
            byte[] line = (name + " " + requestId + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                synchronized (log) {
                    log.write(line);
                }
                Thread.sleep(WORK.toMillis());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                // Cancelled by the consumer (its deadline passed); the execution is already written down.
                Thread.currentThread().interrupt();
            }
            return name;
        }
    }
}
