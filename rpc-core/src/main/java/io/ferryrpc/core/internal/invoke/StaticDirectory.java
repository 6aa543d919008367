package io.ferryrpc.core.internal.invoke;

import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.transport.ClientConnection;
import java.util.List;

/** A fixed list of provider addresses given by the user (direct connection, no registry), all of equal weight. */
public final class StaticDirectory implements Directory {

    private final List<Candidate> candidates;

    /** Creates a directory over {@code connections}. */
    public StaticDirectory(List<ClientConnection> connections) {
        if (connections.isEmpty()) {
            throw new IllegalArgumentException("addresses: empty (expected: at least one host:port)");
        }
        this.candidates = connections.stream().map(c -> new Candidate(c, c.weight(), 0, 0, null)).toList();
    }

    @Override
    public List<Candidate> candidates(MethodDescriptor method) {
        return candidates;
    }
}
