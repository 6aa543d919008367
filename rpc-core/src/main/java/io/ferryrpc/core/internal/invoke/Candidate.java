package io.ferryrpc.core.internal.invoke;

import io.ferryrpc.core.internal.transport.ClientConnection;
import io.ferryrpc.core.spi.Endpoint;

/**
 * A provider a call may go to: its connection, and the weight it registered, ramped up linearly over the warm-up
 * period after it started so that a cold JVM is not flooded.
 */
public final class Candidate implements Endpoint {

    private final ClientConnection connection;
    private final int weight;
    private final long startTimeMillis;
    private final long warmupMillis;

    /** Creates a candidate; {@code warmupMillis} 0 disables the ramp. */
    public Candidate(ClientConnection connection, int weight, long startTimeMillis, long warmupMillis) {
        this.connection = connection;
        this.weight = Math.max(1, weight);
        this.startTimeMillis = startTimeMillis;
        this.warmupMillis = warmupMillis;
    }

    /** Returns the connection to the provider. */
    public ClientConnection connection() {
        return connection;
    }

    @Override
    public String address() {
        return connection.address();
    }

    @Override
    public int weight() {
        if (warmupMillis <= 0 || startTimeMillis <= 0) {
            return weight;
        }
        long uptime = System.currentTimeMillis() - startTimeMillis;
        if (uptime >= warmupMillis || uptime < 0) {
            return weight;
        }
        return (int) Math.max(1, weight * uptime / warmupMillis);
    }

    @Override
    public int active() {
        return connection.active();
    }

    @Override
    public long latencyEwmaNanos() {
        return connection.latencyEwmaNanos();
    }
}
