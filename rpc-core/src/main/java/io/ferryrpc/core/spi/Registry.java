package io.ferryrpc.core.spi;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A service registry connection: providers register what they export, consumers subscribe to live provider lists.
 *
 * <p>Implementations are thread-safe; failures are reported as {@link io.ferryrpc.api.RpcException}.
 */
public interface Registry extends AutoCloseable {

    /** Publishes a provider until {@link #unregister} or {@link #close}. */
    void register(ProviderInfo provider);

    /** Withdraws a provider published by this registry connection. */
    void unregister(ProviderInfo provider);

    /** Publishes a consumer of a service until {@link #close}; registering the same consumer twice is harmless. */
    void registerConsumer(ConsumerInfo consumer);

    /**
     * Calls {@code listener} with the current providers of {@code service} and again after every change, until
     * the returned handle is closed. Calls for one subscription never overlap.
     */
    AutoCloseable subscribe(ServiceKey service, Consumer<List<ProviderInfo>> listener);

    /**
     * Calls {@code listener} with the providers and consumers of every service registered here, sorted by service,
     * and again after every change, until the returned handle is closed; calls never overlap. For monitoring tools.
     *
     * @throws UnsupportedOperationException if this registry cannot list everything (the default)
     */
    default AutoCloseable watchTopology(Consumer<List<ServiceTopology>> listener) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot list every service");
    }

    /**
     * Publishes the description of a service (its methods and the shapes of their types, as JSON) under
     * {@code digest}, for tools; providers of one interface version publish the same text under the same digest,
     * and the description outlives them. Does nothing by default.
     */
    default void publishDescription(ServiceKey service, String digest, String json) {}

    /**
     * Returns the description of {@code service} published under {@code digest} (see
     * {@link ProviderInfo#descriptionDigest()}), if there is one; empty by default.
     */
    default Optional<String> description(ServiceKey service, String digest) {
        return Optional.empty();
    }

    /**
     * Returns whether the registry is reachable now, so that what is registered is seen by consumers; a provider
     * is not ready while it is not ({@code RpcServer.health()}). True by default, for registries without a
     * connection to lose.
     */
    default boolean isConnected() {
        return true;
    }

    /** Withdraws everything this connection registered and releases its resources. */
    @Override
    void close();
}
