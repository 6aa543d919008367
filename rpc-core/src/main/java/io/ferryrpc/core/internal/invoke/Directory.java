package io.ferryrpc.core.internal.invoke;

import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.transport.ClientConnection;

/** The providers a proxy may call, and the choice of one for each call. Thread-safe. */
public interface Directory extends AutoCloseable {

    /**
     * Returns the connection to use for a call of {@code method}.
     *
     * @throws io.ferryrpc.api.RpcException with {@code NO_PROVIDER} or {@code INCOMPATIBLE_INTERFACE} if none fits
     */
    ClientConnection select(MethodDescriptor method);

    /** Stops following provider changes. */
    @Override
    default void close() {}
}
