package io.ferryrpc.core.internal.invoke;

import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.transport.ClientConnection;
import java.util.Collection;

/** The providers a proxy may call, and the choice of one for each call. Thread-safe. */
public interface Directory extends AutoCloseable {

    /**
     * Returns the connection to use for a call of {@code method}.
     *
     * @throws io.ferryrpc.api.RpcException with {@code NO_PROVIDER} or {@code INCOMPATIBLE_INTERFACE} if none fits
     */
    ClientConnection select(MethodDescriptor method);

    /**
     * Returns the connection for a retry of a call of {@code method}, avoiding the ones already {@code tried}
     * where another is available.
     */
    ClientConnection select(MethodDescriptor method, Collection<ClientConnection> tried);

    /** Stops following provider changes. */
    @Override
    default void close() {}
}
