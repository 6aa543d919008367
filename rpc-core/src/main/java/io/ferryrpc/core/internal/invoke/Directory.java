package io.ferryrpc.core.internal.invoke;

import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import java.util.List;

/** The providers a proxy may call for each method. Thread-safe. */
public interface Directory extends AutoCloseable {

    /**
     * Returns the providers that can serve {@code method}, never empty.
     *
     * @throws io.ferryrpc.api.RpcException with {@code NO_PROVIDER} or {@code INCOMPATIBLE_INTERFACE} if none can
     */
    List<Candidate> candidates(MethodDescriptor method);

    /** Stops following provider changes. */
    @Override
    default void close() {}
}
