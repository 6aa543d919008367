package io.ferryrpc.registry.chaos;

import java.io.File;
import java.nio.file.Files;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * A ZooKeeper server in its own JVM, run inside a network namespace: {@code ChaosZooKeeperMain <address> <port>}.
 * It listens on that address only, prints {@code READY} and runs until its standard input closes.
 */
public final class ChaosZooKeeperMain {

    private ChaosZooKeeperMain() {}

    /** Runs the server until standard input closes. */
    public static void main(String[] args) throws Exception {
        // The test signals this JVM by pid: `ip netns exec` forks it, so it is not the pid the test started.
        System.out.println("PID=" + ProcessHandle.current().pid());
        String address = args[0];
        int port = Integer.parseInt(args[1]);
        File dir = Files.createTempDirectory("ferry-chaos-zk").toFile();
        // Ticks of 200 ms allow sessions from 400 ms up, so a killed provider leaves the registry quickly; the
        // default cap of 20 ticks (4 s) would cut the providers' 8 s sessions short.
        InstanceSpec spec = new InstanceSpec(dir, port, -1, -1, true, 1, 200, 0,
                Map.of("clientPortAddress", address, "admin.enableServer", "false", "maxSessionTimeout", "60000"),
                address);
        try (TestingServer server = new TestingServer(spec, true)) {
            System.out.println("READY " + server.getConnectString());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Serve until the test closes our input.
            }
        }
    }
}
