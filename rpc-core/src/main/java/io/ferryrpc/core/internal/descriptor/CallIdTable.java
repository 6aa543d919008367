package io.ferryrpc.core.internal.descriptor;

import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;

/**
 * The provider's map from call ID to method across all exported services; refuses an export whose call IDs
 * collide with ones already exported.
 *
 * <p>Thread-safe: lookups read an immutable snapshot, exports replace it (they are rare).
 */
public final class CallIdTable {

    private volatile IntObjectMap<ProviderMethod> methods = new IntObjectHashMap<>();

    /**
     * Adds every method of {@code service}, bound to {@code implementation}.
     *
     * @throws IllegalArgumentException if a call ID is already taken (by a collision or a second export)
     */
    public synchronized void add(ServiceDescriptor service, Object implementation) {
        IntObjectMap<ProviderMethod> next = new IntObjectHashMap<>(methods.size() + service.methods().size());
        next.putAll(methods);
        for (MethodDescriptor descriptor : service.methods()) {
            ProviderMethod existing = next.get(descriptor.callId());
            if (existing != null) {
                throw new IllegalArgumentException("call ID " + CallIds.format(descriptor.callId()) + " of "
                        + descriptor.signature() + " is already taken by " + existing.descriptor().signature()
                        + (existing.descriptor().signature().equals(descriptor.signature())
                                ? " (is the service exported twice?)" : "; rename one of the methods"));
            }
            next.put(descriptor.callId(), new ProviderMethod(service.key(), descriptor, implementation));
        }
        methods = next;
    }

    /** Returns the method with the given call ID, or {@code null}. */
    public ProviderMethod lookup(int callId) {
        return methods.get(callId);
    }

    /** Returns the number of methods in the table. */
    public int size() {
        return methods.size();
    }
}
