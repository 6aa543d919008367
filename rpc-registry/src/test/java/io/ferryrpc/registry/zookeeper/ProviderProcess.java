package io.ferryrpc.registry.zookeeper;

import io.ferryrpc.core.RpcServer;
import java.io.IOException;

/** A provider in its own JVM, registered in ZooKeeper: {@code ProviderProcess <registry> <name>}; prints PORT=n. */
public final class ProviderProcess {

    private ProviderProcess() {}

    /** Runs until stdin closes or the process is killed. */
    public static void main(String[] args) throws IOException {
        try (RpcServer server = ZooKeeperTesting.provider(args[0], args[1])) {
            System.out.println("PORT=" + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Serve until told to stop; the test usually kills us with SIGKILL instead.
            }
        }
    }
}
