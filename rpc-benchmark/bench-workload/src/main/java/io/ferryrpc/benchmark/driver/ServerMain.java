package io.ferryrpc.benchmark.driver;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs one peer's server in its own JVM: prints {@code LISTENING <port>}, then serves until its standard input
 * closes (the launcher ended or vanished) or {@code --max-lifetime} passes, so it never outlives a run.
 *
 * <p>{@code --peer NAME [--host 127.0.0.1] [--port 0] [--max-lifetime 15m] [--option key=value]...}
 */
public final class ServerMain {

    private ServerMain() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        Arguments arguments = new Arguments(args);
        Peer peer = Peers.find(arguments.string("peer", "ferry"));
        Duration lifetime = arguments.duration("max-lifetime", Duration.ofMinutes(15));
        Thread watchdog = new Thread(() -> {
            try {
                TimeUnit.NANOSECONDS.sleep(lifetime.toNanos());
                System.err.println("server: max lifetime " + lifetime + " reached; exiting");
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(3);
        }, "lifetime-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try (Peer.Server server = peer.serve(arguments.string("host", "127.0.0.1"), arguments.integer("port", 0),
                arguments.settings())) {
            System.out.println("LISTENING " + server.port());
            System.out.flush();
            drain(System.in);
        }
        System.exit(0);
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // The launcher writes nothing; end of input is the signal to stop.
            }
        } catch (IOException e) {
            // Same as end of input.
        }
    }
}
