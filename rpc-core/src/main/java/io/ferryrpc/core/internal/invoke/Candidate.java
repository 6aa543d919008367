package io.ferryrpc.core.internal.invoke;

import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.transport.ClientConnection;
import io.ferryrpc.core.spi.Endpoint;
import java.util.Map;

/**
 * A provider a call may go to: its connection, and the weight it registered, ramped up linearly over the warm-up
 * period after it started so that a cold JVM is not flooded.
 */
public final class Candidate implements Endpoint {

    private final ClientConnection connection;
    private final int weight;
    private final long startTimeMillis;
    private final long warmupMillis;
    private final Map<String, Integer> callIds;

    /**
     * Creates a candidate; {@code warmupMillis} 0 disables the ramp. {@code callIds} maps a method key
     * ({@code method(params)}) to the call ID the provider published, {@code null} to use the consumer's own IDs.
     */
    public Candidate(ClientConnection connection, int weight, long startTimeMillis, long warmupMillis,
            Map<String, Integer> callIds) {
        this.connection = connection;
        this.callIds = callIds;
        this.weight = Math.max(1, weight);
        this.startTimeMillis = startTimeMillis;
        this.warmupMillis = warmupMillis;
    }

    /** Returns the call ID of {@code method} on this provider, or {@code null} if it does not have the method. */
    public Integer callId(MethodDescriptor method) {
        return callIds == null ? Integer.valueOf(method.callId()) : callIds.get(method.methodKey());
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
