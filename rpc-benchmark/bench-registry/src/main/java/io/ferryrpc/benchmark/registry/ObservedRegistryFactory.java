package io.ferryrpc.benchmark.registry;

import io.ferryrpc.core.spi.ConsumerInfo;
import io.ferryrpc.core.spi.ProviderInfo;
import io.ferryrpc.core.spi.Registry;
import io.ferryrpc.core.spi.RegistryFactory;
import io.ferryrpc.core.spi.ServiceKey;
import io.ferryrpc.registry.zookeeper.ZooKeeperRegistryFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Connects {@code observed-zookeeper://host:port?consumer=N} addresses: Ferry's real ZooKeeper registry, whose
 * subscriptions tell the observer of consumer {@code N} every provider list right after the subscriber (an
 * {@code RpcClient}'s provider directory) has taken it. This is how the bench sees the moment a real client knows
 * of a change, without touching the client. Found through {@link java.util.ServiceLoader}.
 */
public final class ObservedRegistryFactory implements RegistryFactory {

    /** The address scheme. */
    public static final String SCHEME = "observed-zookeeper";

    private static final Map<Integer, Consumer<List<ProviderInfo>>> OBSERVERS = new ConcurrentHashMap<>();

    /** Sets the observer of consumer {@code id}, for registries created afterwards. */
    public static void observe(int id, Consumer<List<ProviderInfo>> observer) {
        OBSERVERS.put(id, observer);
    }

    /** Removes every observer. */
    public static void clear() {
        OBSERVERS.clear();
    }

    /** Returns the address of consumer {@code id} on the ZooKeeper at {@code connectString}. */
    public static String address(String connectString, int id) {
        return SCHEME + "://" + connectString + "?consumer=" + id;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Registry create(String address) {
        int q = address.lastIndexOf("?consumer=");
        if (!address.startsWith(SCHEME + "://") || q < 0) {
            throw new IllegalArgumentException("registry address: " + address + " (expected " + SCHEME
                    + "://host:port?consumer=N)");
        }
        int id = Integer.parseInt(address.substring(q + "?consumer=".length()));
        Consumer<List<ProviderInfo>> observer = OBSERVERS.get(id);
        if (observer == null) {
            throw new IllegalStateException("no observer for consumer " + id);
        }
        Registry real = new ZooKeeperRegistryFactory().create("zookeeper://" + address.substring(
                SCHEME.length() + 3, q));
        return new Observed(real, observer);
    }

    /** Delegates everything to the real registry; a subscription's listener is followed by the observer. */
    private record Observed(Registry real, Consumer<List<ProviderInfo>> observer) implements Registry {

        @Override
        public void register(ProviderInfo provider) {
            real.register(provider);
        }

        @Override
        public void unregister(ProviderInfo provider) {
            real.unregister(provider);
        }

        @Override
        public void registerConsumer(ConsumerInfo consumer) {
            real.registerConsumer(consumer);
        }

        @Override
        public AutoCloseable subscribe(ServiceKey service, Consumer<List<ProviderInfo>> listener) {
            return real.subscribe(service, providers -> {
                listener.accept(providers);
                observer.accept(providers);
            });
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
