package io.ferryrpc.core.internal.invoke;

import io.ferryrpc.core.internal.transport.ClientConnection;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Uniform random choice among available connections; weighted and adaptive balancers come with the cluster layer. */
final class Selection {

    private Selection() {}

    /**
     * Returns a random available connection not in {@code tried}; failing that a random available one; failing
     * that a random one (its own send then reports why it cannot be used); {@code null} for an empty list.
     */
    static ClientConnection pickAvailable(List<ClientConnection> connections, Collection<ClientConnection> tried) {
        int size = connections.size();
        if (size == 0) {
            return null;
        }
        int start = size == 1 ? 0 : ThreadLocalRandom.current().nextInt(size);
        ClientConnection availableTried = null;
        for (int i = 0; i < size; i++) {
            ClientConnection c = connections.get((start + i) % size);
            if (c.isAvailable()) {
                if (!tried.contains(c)) {
                    return c;
                }
                availableTried = availableTried == null ? c : availableTried;
            }
        }
        return availableTried != null ? availableTried : connections.get(start);
    }
}
