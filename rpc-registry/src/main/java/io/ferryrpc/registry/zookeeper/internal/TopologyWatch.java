package io.ferryrpc.registry.zookeeper.internal;

import io.ferryrpc.core.spi.ConsumerInfo;
import io.ferryrpc.core.spi.ProviderInfo;
import io.ferryrpc.core.spi.ServiceKey;
import io.ferryrpc.core.spi.ServiceTopology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every provider and consumer node below {@link FerryPaths#ROOT} with one Curator cache and hands the whole
 * topology, grouped by service, to its listener whenever it changed, one call at a time. For monitoring: consumers
 * of a single service use {@link ProviderWatch}, which reads only that service's nodes.
 */
final class TopologyWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopologyWatch.class);

    private final CuratorCache cache;
    private final Consumer<List<ServiceTopology>> listener;
    private final CountDownLatch initialized = new CountDownLatch(1);
    // Malformed nodes already reported, so a broken node is logged once and not on every change.
    private final Set<String> reportedMalformed = new HashSet<>();
    private volatile boolean ready;
    private List<ServiceTopology> last;

    TopologyWatch(CuratorFramework client, Consumer<List<ServiceTopology>> listener) {
        this.listener = listener;
        this.cache = CuratorCache.build(client, FerryPaths.ROOT);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forAll((type, before, after) -> {
                    if (ready) {
                        refresh();
                    }
                })
                .forInitialized(() -> {
                    ready = true;
                    refresh();
                    initialized.countDown();
                })
                .build());
    }

    void start() {
        cache.start();
    }

    boolean awaitInitialized(long millis) throws InterruptedException {
        return initialized.await(millis, TimeUnit.MILLISECONDS);
    }

    private synchronized void refresh() {
        Map<ServiceKey, List<ProviderInfo>> providers = new TreeMap<>(Comparator.comparing(ServiceKey::toString));
        Map<ServiceKey, List<ConsumerInfo>> consumers = new TreeMap<>(Comparator.comparing(ServiceKey::toString));
        cache.stream().forEach(node -> read(node, providers, consumers));
        Map<ServiceKey, ServiceTopology> services = new TreeMap<>(Comparator.comparing(ServiceKey::toString));
        for (ServiceKey key : providers.keySet()) {
            services.put(key, null);
        }
        for (ServiceKey key : consumers.keySet()) {
            services.put(key, null);
        }
        List<ServiceTopology> topology = new ArrayList<>();
        for (ServiceKey key : services.keySet()) {
            List<ProviderInfo> p = new ArrayList<>(providers.getOrDefault(key, List.of()));
            p.sort(Comparator.comparing(ProviderInfo::address));
            List<ConsumerInfo> c = new ArrayList<>(consumers.getOrDefault(key, List.of()));
            c.sort(Comparator.comparing(ConsumerInfo::id).thenComparing(ConsumerInfo::application));
            topology.add(new ServiceTopology(key, p, c));
        }
        if (topology.equals(last)) {
            return;
        }
        last = List.copyOf(topology);
        try {
            listener.accept(last);
        } catch (RuntimeException e) {
            log.warn("topology listener failed", e);
        }
    }

    /** Reads {@code /ferry/services/<service>/(providers|consumers)/<node>}; other nodes are structure. */
    private void read(ChildData node, Map<ServiceKey, List<ProviderInfo>> providers,
            Map<ServiceKey, List<ConsumerInfo>> consumers) {
        String path = node.getPath();
        if (!path.startsWith(FerryPaths.ROOT + "/")) {
            return;
        }
        String[] parts = path.substring(FerryPaths.ROOT.length() + 1).split("/");
        if (parts.length != 3 || !(parts[1].equals("providers") || parts[1].equals("consumers"))) {
            return;
        }
        byte[] data = node.getData() == null ? new byte[0] : node.getData();
        try {
            if (parts[1].equals("providers")) {
                ProviderInfo p = NodeCodec.decodeProvider(data);
                providers.computeIfAbsent(p.service(), k -> new ArrayList<>()).add(p);
            } else {
                ConsumerInfo c = NodeCodec.decodeConsumer(data);
                consumers.computeIfAbsent(c.service(), k -> new ArrayList<>()).add(c);
            }
            reportedMalformed.remove(path);
        } catch (IllegalArgumentException e) {
            if (reportedMalformed.add(path)) {
                log.warn("ignoring the malformed registry node {}: {}", path, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        cache.close();
    }
}
