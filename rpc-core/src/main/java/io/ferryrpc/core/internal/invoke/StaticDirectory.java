package io.ferryrpc.core.internal.invoke;

import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.transport.ClientConnection;
import java.util.Collection;
import java.util.List;

/**
 * A fixed list of provider addresses given by the user (direct connection, no registry); picks one at random among
 * those that are available, so a provider that announced its shutdown or cannot be reached is skipped.
 */
public final class StaticDirectory implements Directory {

    private final List<ClientConnection> connections;
    /** Creates a directory over {@code connections}. */
    public StaticDirectory(List<ClientConnection> connections) {
        if (connections.isEmpty()) {
            throw new IllegalArgumentException("addresses: empty (expected: at least one host:port)");
        }
        this.connections = List.copyOf(connections);
    }

    @Override
    public ClientConnection select(MethodDescriptor method) {
        return Selection.pickAvailable(connections, List.of());
    }

    @Override
    public ClientConnection select(MethodDescriptor method, Collection<ClientConnection> tried) {
        return Selection.pickAvailable(connections, tried);
    }
}
