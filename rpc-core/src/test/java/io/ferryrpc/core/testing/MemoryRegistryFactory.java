package io.ferryrpc.core.testing;

import io.ferryrpc.core.spi.ConsumerInfo;
import io.ferryrpc.core.spi.ProviderInfo;
import io.ferryrpc.core.spi.Registry;
import io.ferryrpc.core.spi.RegistryFactory;
import io.ferryrpc.core.spi.ServiceKey;
import io.ferryrpc.core.spi.ServiceTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A registry inside the test JVM (scheme {@code memory://name}), with topology, to test the core's registry
 * plumbing without ZooKeeper; the real registry and its own tests live in rpc-registry.
 */
public final class MemoryRegistryFactory implements RegistryFactory {

    private static final Map<String, Space> SPACES = new ConcurrentHashMap<>();

    private record Subscriber(ServiceKey service, Consumer<List<ProviderInfo>> listener) {}

    private static final class Space {
        final List<ProviderInfo> providers = new CopyOnWriteArrayList<>();
        final List<ConsumerInfo> consumers = new CopyOnWriteArrayList<>();
        final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
        final List<Consumer<List<ServiceTopology>>> topologyWatchers = new CopyOnWriteArrayList<>();

        synchronized void publishTopology() {
            Map<String, ServiceKey> keys = new TreeMap<>();
            providers.forEach(p -> keys.put(p.service().toString(), p.service()));
            consumers.forEach(c -> keys.put(c.service().toString(), c.service()));
            List<ServiceTopology> topology = new ArrayList<>();
            for (ServiceKey key : keys.values()) {
                topology.add(new ServiceTopology(key,
                        providers.stream().filter(p -> p.service().equals(key)).toList(),
                        consumers.stream().filter(c -> c.service().equals(key)).toList()));
            }
            for (Consumer<List<ServiceTopology>> watcher : topologyWatchers) {
                watcher.accept(List.copyOf(topology));
            }
        }

        synchronized void publish(ServiceKey changed) {
            publishTopology();
            for (Subscriber s : subscribers) {
                if (matches(s.service(), changed)) {
                    List<ProviderInfo> matching = new ArrayList<>();
                    for (ProviderInfo p : providers) {
                        if (matches(s.service(), p.service())) {
                            matching.add(p);
                        }
                    }
                    s.listener().accept(List.copyOf(matching));
                }
            }
        }

        private static boolean matches(ServiceKey wanted, ServiceKey offered) {
            return wanted.name().equals(offered.name()) && wanted.group().equals(offered.group())
                    && (wanted.version().equals("*") || wanted.version().equals(offered.version()));
        }
    }

    @Override
    public String scheme() {
        return "memory";
    }

    @Override
    public Registry create(String address) {
        Space space = SPACES.computeIfAbsent(address, a -> new Space());
        List<ProviderInfo> mine = new CopyOnWriteArrayList<>();
        List<ConsumerInfo> myConsumers = new CopyOnWriteArrayList<>();
        return new Registry() {
            @Override
            public void register(ProviderInfo provider) {
                mine.add(provider);
                space.providers.add(provider);
                space.publish(provider.service());
            }

            @Override
            public void unregister(ProviderInfo provider) {
                mine.remove(provider);
                space.providers.remove(provider);
                space.publish(provider.service());
            }

            @Override
            public void registerConsumer(ConsumerInfo consumer) {
                if (!myConsumers.contains(consumer)) {
                    myConsumers.add(consumer);
                    space.consumers.add(consumer);
                    space.publishTopology();
                }
            }

            @Override
            public AutoCloseable watchTopology(Consumer<List<ServiceTopology>> listener) {
                space.topologyWatchers.add(listener);
                space.publishTopology();
                return () -> space.topologyWatchers.remove(listener);
            }

            @Override
            public AutoCloseable subscribe(ServiceKey service, Consumer<List<ProviderInfo>> listener) {
                Subscriber subscriber = new Subscriber(service, listener);
                space.subscribers.add(subscriber);
                space.publish(service);
                return () -> space.subscribers.remove(subscriber);
            }

            @Override
            public void close() {
                for (ProviderInfo p : mine) {
                    unregister(p);
                }
                space.consumers.removeAll(myConsumers);
                myConsumers.clear();
                space.publishTopology();
            }
        };
    }
}
