package io.ferryrpc.benchmark.driver;

import io.ferryrpc.benchmark.workload.Operation;

/**
 * One framework under test, as the driver sees it: it serves the workload on a port of 127.0.0.1 and calls it from
 * many threads at once. Implementations are found by {@link java.util.ServiceLoader} and named on the command line.
 */
public interface Peer {

    /** Returns the short name used on the command line and in reports, such as {@code ferry} or {@code dubbo}. */
    String name();

    /** Starts a server of the workload bound to {@code host} and {@code port} (0: any free port). */
    Server serve(String host, int port, PeerSettings settings) throws Exception;

    /** Connects a client to a server started by {@link #serve}. */
    Client connect(String host, int port, PeerSettings settings) throws Exception;

    /** A running server. */
    interface Server extends AutoCloseable {

        /** Returns the port it listens on. */
        int port();
    }

    /** A connected client; {@link #call} is called from many threads at once. */
    interface Client extends AutoCloseable {

        /**
         * Performs one call of {@code op} with the arguments that {@code sequence} gives and returns its result (or
         * something derived from it); throws if the call failed.
         */
        Object call(Operation op, long sequence) throws Exception;

        /** Returns whether {@code failure}, thrown by {@link #call}, was the call's timeout. */
        default boolean isTimeout(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof java.util.concurrent.TimeoutException) {
                    return true;
                }
            }
            return false;
        }
    }
}
