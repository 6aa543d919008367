package io.ferryrpc.benchmark.driver;

import io.ferryrpc.benchmark.workload.Operation;
import java.time.Duration;

/**
 * Runs one scenario against a server in another JVM and prints its {@link RunResult} as a {@code RESULT} line.
 *
 * <p>{@code --peer NAME --port P [--host 127.0.0.1] [--op getUser] [--concurrency 32] [--warmup 5s] [--window 10s]
 * [--timeout 3s] [--payload 100] [--variant default] [--option key=value]...}
 */
public final class ClientMain {

    private ClientMain() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        Arguments arguments = new Arguments(args);
        String peerName = arguments.string("peer", "ferry");
        Peer peer = Peers.find(peerName);
        PeerSettings settings = arguments.settings();
        Operation op = Operation.ofMethod(arguments.string("op", "getUser"));
        int port = arguments.integer("port", -1);
        if (port <= 0) {
            throw new IllegalArgumentException("--port is required (the server's LISTENING line gives it)");
        }
        RunResult result;
        try (Peer.Client client = peer.connect(arguments.string("host", "127.0.0.1"), port, settings)) {
            LoadDriver driver = new LoadDriver(client, op, arguments.integer("concurrency", 32),
                    arguments.duration("warmup", Duration.ofSeconds(5)),
                    arguments.duration("window", Duration.ofSeconds(10)), settings.timeout());
            result = driver.run(peerName, arguments.string("variant", "default"), settings.payloadSize());
        }
        System.out.println(RunResult.LINE_PREFIX + result.toJson());
        System.out.flush();
        // Caller threads abandoned past their timeout are daemons, but a peer's own threads may not be.
        System.exit(0);
    }
}
