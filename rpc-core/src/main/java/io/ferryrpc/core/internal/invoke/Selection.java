package io.ferryrpc.core.internal.invoke;

import io.ferryrpc.core.internal.transport.ClientConnection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Uniform random choice among available connections; weighted and adaptive balancers come with the cluster layer. */
final class Selection {

    private Selection() {}

    /**
     * Returns a random available connection; if none is available but some exist, a random one (its own send then
     * reports why it cannot be used); {@code null} for an empty list.
     */
    static ClientConnection pickAvailable(List<ClientConnection> connections) {
        int size = connections.size();
        if (size == 0) {
            return null;
        }
        int start = size == 1 ? 0 : ThreadLocalRandom.current().nextInt(size);
        for (int i = 0; i < size; i++) {
            ClientConnection c = connections.get((start + i) % size);
            if (c.isAvailable()) {
                return c;
            }
        }
        return connections.get(start);
    }
}
