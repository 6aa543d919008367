package io.ferryrpc.registry.zookeeper.internal;

import io.ferryrpc.core.spi.ProviderInfo;
import io.ferryrpc.core.spi.ServiceKey;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the provider nodes of one service with Curator's cache recipe (watches, not polling) and hands every
 * changed list to its listener, one call at a time.
 *
 * <p>While ZooKeeper is unreachable the cache keeps its data, so the listener keeps the last list; on reconnection
 * the cache re-reads the nodes and the listener gets the list as it is then.
 */
final class ProviderWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProviderWatch.class);

    private final ServiceKey service;
    private final String path;
    private final CuratorCache cache;
    private final Consumer<List<ProviderInfo>> listener;
    private final SnapshotFile snapshot;
    private final CountDownLatch initialized = new CountDownLatch(1);
    private final BooleanSupplier justReconnected;
    private final ScheduledExecutorService scheduler;
    private final long graceMillis;
    private volatile boolean ready;
    private List<ProviderInfo> last;

    ProviderWatch(CuratorFramework client, ServiceKey service, Consumer<List<ProviderInfo>> listener,
            SnapshotFile snapshot, BooleanSupplier justReconnected, ScheduledExecutorService scheduler,
            long graceMillis) {
        this.service = service;
        this.justReconnected = justReconnected;
        this.scheduler = scheduler;
        this.graceMillis = graceMillis;
        // Version "*" follows every version of the service: the whole services tree, filtered by name and group.
        this.path = service.version().equals("*") ? FerryPaths.ROOT : FerryPaths.providers(service);
        this.listener = listener;
        this.snapshot = snapshot;
        this.cache = CuratorCache.build(client, path);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forAll((type, before, after) -> {
                    if (ready) {
                        refresh();
                    }
                })
                .forInitialized(() -> {
                    ready = true;
                    // Deliver before releasing subscribe(), so the first call already sees the providers.
                    refresh();
                    initialized.countDown();
                })
                .build());
    }

    /** Starts watching; delivers the snapshot's list first if ZooKeeper cannot be read yet. */
    void start(boolean offline) {
        if (offline && snapshot != null) {
            List<ProviderInfo> remembered = snapshot.providers(service);
            if (remembered != null) {
                log.warn("providers of {} from the snapshot until ZooKeeper is reachable: {}", service,
                        remembered.stream().map(ProviderInfo::address).toList());
                deliver(remembered, false);
            }
        }
        cache.start();
    }

    /** Waits, at most {@code millis}, for the first complete read of the nodes. */
    boolean awaitInitialized(long millis) throws InterruptedException {
        return initialized.await(millis, TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        List<ProviderInfo> providers = new ArrayList<>();
        cache.stream()
                .filter(d -> isProviderNode(d.getPath()))
                .map(ChildData::getData)
                .forEach(data -> {
                    try {
                        providers.add(NodeCodec.decodeProvider(data == null ? new byte[0] : data));
                    } catch (IllegalArgumentException e) {
                        log.warn("ignoring a malformed provider node of {}: {}", service, e.getMessage());
                    }
                });
        providers.sort(Comparator.comparing(ProviderInfo::address));
        deliver(providers, true);
    }

    private boolean isProviderNode(String nodePath) {
        if (!nodePath.startsWith(path + "/")) {
            return false;
        }
        String rest = nodePath.substring(path.length() + 1);
        if (!path.equals(FerryPaths.ROOT)) {
            return rest.indexOf('/') < 0;
        }
        String[] parts = rest.split("/");
        if (parts.length != 3 || !parts[1].equals("providers")) {
            return false;
        }
        // FerryPaths encodes a segment only when it holds '/' or '%'; decoding a plain one would turn '+' into ' '.
        String segment = parts[0].indexOf('%') >= 0 ? URLDecoder.decode(parts[0], StandardCharsets.UTF_8) : parts[0];
        String[] key = segment.split(":");
        return key.length >= 2 && key[0].equals(service.name())
                && (key.length > 2 ? key[2] : "").equals(service.group());
    }

    private synchronized void deliver(List<ProviderInfo> read, boolean save) {
        List<ProviderInfo> providers = read;
        if (last != null && justReconnected.getAsBoolean()) {
            // After an outage longer than a session, providers re-register moments after ZooKeeper returns: each
            // deletes the node its expired session left and writes it again. Dropping a provider in between would
            // retire its connection, or leave only providers that are gone (seen: calls failing while the list
            // held just a provider that had stopped during the outage). New providers count at once; missing ones
            // stay until the re-registrations are done, and then the list is read again.
            List<ProviderInfo> kept = keepMissing(read);
            if (kept.size() > read.size()) {
                log.info("providers of {} are re-registering after a ZooKeeper outage; keeping {} until they have",
                        service, kept.stream().filter(p -> !read.contains(p)).map(ProviderInfo::address).toList());
                try {
                    scheduler.schedule(this::refresh, graceMillis + 200, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    // The registry is closing.
                }
                providers = kept;
            }
        }
        if (providers.equals(last)) {
            return;
        }
        last = List.copyOf(providers);
        listener.accept(last);
        if (save && snapshot != null) {
            snapshot.update(service, last);
        }
    }

    /** Returns {@code providers} plus those of the last list whose service and address it no longer has. */
    private List<ProviderInfo> keepMissing(List<ProviderInfo> providers) {
        List<ProviderInfo> merged = new ArrayList<>(providers);
        for (ProviderInfo previous : last) {
            if (providers.stream().noneMatch(p -> p.address().equals(previous.address())
                    && p.service().equals(previous.service()))) {
                merged.add(previous);
            }
        }
        merged.sort(Comparator.comparing(ProviderInfo::address));
        return merged;
    }

    @Override
    public void close() {
        cache.close();
    }
}
