package io.ferryrpc.core.internal.invoke;

import io.ferryrpc.core.internal.transport.ClientConnection;
import io.ferryrpc.core.spi.LoadBalancer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Narrows the candidates to those worth trying now, then lets the load balancer choose. */
final class Selection {

    private Selection() {}

    /**
     * Returns the connection for the next attempt: the balancer's choice among available candidates not yet
     * {@code tried}; for a first attempt with nothing available, any candidate (its send then reports why it cannot
     * be used); for a retry with nothing new available, {@code null}.
     */
    static Candidate choose(List<Candidate> candidates, Collection<ClientConnection> tried,
            LoadBalancer balancer, String service, String method, Object[] arguments) {
        List<Candidate> usable = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            if (c.connection().isAvailable() && !tried.contains(c.connection())) {
                usable.add(c);
            }
        }
        if (!usable.isEmpty()) {
            return balancer.select(usable, service, method, arguments);
        }
        if (!tried.isEmpty()) {
            return null;
        }
        return balancer.select(candidates, service, method, arguments);
    }
}
