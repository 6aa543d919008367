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

    /**
     * Returns the method keys ({@code method(types)}) the current providers publish, for calls made without the
     * interface; empty when the directory does not know them (fixed addresses).
     */
    default java.util.Set<String> methodKeys() {
        return java.util.Set.of();
    }

    /** Stops following provider changes. */
    @Override
    default void close() {}
}
