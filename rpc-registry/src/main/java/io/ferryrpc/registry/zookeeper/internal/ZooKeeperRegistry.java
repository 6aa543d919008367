package io.ferryrpc.registry.zookeeper.internal;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.spi.ConsumerInfo;
import io.ferryrpc.core.spi.ProviderInfo;
import io.ferryrpc.core.spi.Registry;
import io.ferryrpc.core.spi.ServiceKey;
import io.ferryrpc.core.spi.ServiceTopology;
import io.ferryrpc.registry.zookeeper.ZooKeeperAddress;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Registry} on ZooKeeper through Curator.
 *
 * <p>Every node this registry owns is remembered, so that it can be written again whenever a session is replaced
 * (after an expiry) or ZooKeeper returns; consumers' watches live in {@link ProviderWatch}. An outage is logged once
 * when it starts and once when it ends. Curator's checked exceptions stop here: callers see {@link RpcException}.
 */
public final class ZooKeeperRegistry implements Registry {

    /** Tries to replace a node another session owns before {@link #write} gives up. */
    private static final int WRITE_ATTEMPTS = 3;

    private static final Logger log = LoggerFactory.getLogger(ZooKeeperRegistry.class);

    private final ZooKeeperAddress address;
    private final CuratorFramework client;
    private final SnapshotFile snapshot;
    private final Map<String, byte[]> owned = new ConcurrentHashMap<>();
    private final Set<String> staleDeletes = ConcurrentHashMap.newKeySet();
    private final List<ProviderWatch> watches = new CopyOnWriteArrayList<>();
    private final List<TopologyWatch> topologyWatches = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService resync = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ferry-registry-resync");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean offline;
    private volatile long reconnectedAtNanos = Long.MIN_VALUE / 2;
    private volatile boolean outage;

    /**
     * Connects to ZooKeeper, waiting at most the address's connect timeout.
     *
     * @throws RpcException {@code CONNECTION_FAILED} if ZooKeeper cannot be reached in time and no snapshot can
     *     stand in for it
     */
    public ZooKeeperRegistry(ZooKeeperAddress address) {
        this.address = address;
        this.snapshot = address.snapshotFile().map(SnapshotFile::new).orElse(null);
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(address.hosts())
                .sessionTimeoutMs((int) address.sessionTimeout().toMillis())
                .connectionTimeoutMs((int) Math.min(address.connectTimeout().toMillis(), 15_000))
                .retryPolicy(new BoundedExponentialBackoffRetry(100, 2_000, 10));
        if (!address.chroot().isEmpty()) {
            builder.namespace(address.chroot().substring(1));
        }
        address.digest().ifPresent(digest -> builder
                .authorization("digest", digest.getBytes(StandardCharsets.UTF_8))
                .aclProvider(new OwnerWritesAclProvider(digest)));
        this.client = builder.build();
        client.getConnectionStateListenable().addListener((c, state) -> onStateChange(state));
        client.start();
        boolean connected;
        try {
            connected = client.blockUntilConnected((int) address.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connected = false;
        }
        if (!connected) {
            if (snapshot != null && !snapshot.isEmpty()) {
                offline = true;
                outage = true;
                log.warn("ZooKeeper at {} is unreachable after {}; starting from the snapshot {} and connecting "
                        + "in the background", address.redacted(), address.connectTimeout(),
                        address.snapshotFile().get());
            } else {
                close();
                throw new RpcException(RpcException.Code.CONNECTION_FAILED, "cannot reach ZooKeeper at "
                        + address.redacted() + " within " + address.connectTimeout().toMillis() + " ms");
            }
        }
    }

    /**
     * Returns whether ZooKeeper came back within the last session timeout: providers whose sessions expired during
     * the outage may not have re-registered yet.
     */
    private boolean reconnectedRecently() {
        return System.nanoTime() - reconnectedAtNanos < address.sessionTimeout().toNanos();
    }

    /** Returns the Curator client, for tests that inject faults. */
    public CuratorFramework curator() {
        return client;
    }

    @Override
    public void register(ProviderInfo provider) {
        String path = FerryPaths.child(FerryPaths.providers(provider.service()), provider.address());
        byte[] data = NodeCodec.encode(provider);
        if (!connected()) {
            // Written as soon as ZooKeeper is back (rewriteOwned); blocking here would stall the server's start.
            owned.put(path, data);
            staleDeletes.remove(path);
            log.warn("ZooKeeper is unreachable; {} at {} will be registered when it returns", provider.service(),
                    provider.address());
            return;
        }
        try {
            write(path, data);
        } catch (KeeperException.NoAuthException e) {
            throw new RpcException(RpcException.Code.FORBIDDEN, "ZooKeeper refused to register " + provider.service()
                    + " at " + provider.address() + ": the registry credentials lack the right to write " + path
                    + (e.getPath() == null && e.getMessage() != null ? " (" + e.getMessage() + ")" : ""));
        } catch (RpcException e) {
            throw e;
        } catch (Exception e) {
            throw new RpcException(RpcException.Code.CONNECTION_FAILED, "cannot register " + provider.service()
                    + " in ZooKeeper at " + address.redacted() + ": " + e, e);
        }
        owned.put(path, data);
        log.info("registered {} at {}", provider.service(), provider.address());
    }

    @Override
    public void unregister(ProviderInfo provider) {
        delete(FerryPaths.child(FerryPaths.providers(provider.service()), provider.address()));
    }

    /**
     * Writes the description once, as a persistent node: it serves tools after the provider is gone, and every
     * provider of the same interface version shares it. Best effort: a provider does not fail to start for it.
     */
    @Override
    public void publishDescription(ServiceKey service, String digest, String json) {
        String path = FerryPaths.description(service, digest);
        try {
            if (connected() && client.checkExists().forPath(path) == null) {
                client.create().creatingParentContainersIfNeeded().withMode(CreateMode.PERSISTENT)
                        .forPath(path, json.getBytes(StandardCharsets.UTF_8));
            }
        } catch (KeeperException.NodeExistsException e) {
            // Another provider of the same interface version published it first.
        } catch (Exception e) {
            log.warn("cannot publish the description of {} at {}: {}", service, path, e.toString());
        }
    }

    @Override
    public Optional<String> description(ServiceKey service, String digest) {
        String path = FerryPaths.description(service, digest);
        try {
            return Optional.of(new String(client.getData().forPath(path), StandardCharsets.UTF_8));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw new RpcException(RpcException.Code.CONNECTION_FAILED, "cannot read " + path + " from ZooKeeper at "
                    + address.redacted() + ": " + e);
        }
    }

    @Override
    public void registerConsumer(ConsumerInfo consumer) {
        String path = FerryPaths.child(FerryPaths.consumers(consumer.service()), consumer.id());
        byte[] data = NodeCodec.encode(consumer);
        owned.put(path, data);
        if (!connected()) {
            return;
        }
        try {
            write(path, data);
        } catch (Exception e) {
            // The topology view is best effort: a consumer must be able to call without it.
            log.warn("cannot register consumer {} of {}: {}", consumer.id(), consumer.service(), e.toString());
        }
    }

    @Override
    public AutoCloseable subscribe(ServiceKey service, Consumer<List<ProviderInfo>> listener) {
        ProviderWatch watch = new ProviderWatch(client, service, listener, snapshot, this::reconnectedRecently,
                resync, address.sessionTimeout().toMillis());
        watches.add(watch);
        watch.start(offline);
        if (!offline) {
            try {
                if (!watch.awaitInitialized(address.connectTimeout().toMillis())) {
                    log.warn("the providers of {} were not read within {}; calls fail with NO_PROVIDER until they are",
                            service, address.connectTimeout());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return () -> {
            watches.remove(watch);
            watch.close();
        };
    }

    @Override
    public AutoCloseable watchTopology(Consumer<List<ServiceTopology>> listener) {
        TopologyWatch watch = new TopologyWatch(client, listener);
        topologyWatches.add(watch);
        watch.start();
        if (!offline) {
            try {
                if (!watch.awaitInitialized(address.connectTimeout().toMillis())) {
                    log.warn("the topology was not read within {}; it is delivered once it is",
                            address.connectTimeout());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return () -> {
            topologyWatches.remove(watch);
            watch.close();
        };
    }

    /**
     * With credentials, makes sure the providers node above {@code path} exists as a persistent node that only
     * digest identities may write: a container could vanish when empty and be re-created by anyone, and a parent
     * created by someone without credentials would let anyone register.
     */
    private void secureParent(String path) throws Exception {
        if (address.digest().isEmpty()) {
            return;
        }
        String parent = path.substring(0, path.lastIndexOf('/'));
        try {
            client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT).forPath(parent);
        } catch (KeeperException.NodeExistsException e) {
            // Created before, by us or another provider; its ACL is checked below.
        }
        for (ACL acl : client.getACL().forPath(parent)) {
            if (!acl.getId().getScheme().equals("digest")
                    && (acl.getPerms() & (ZooDefs.Perms.CREATE | ZooDefs.Perms.DELETE)) != 0) {
                throw new RpcException(RpcException.Code.FORBIDDEN, parent + " can be written by "
                        + acl.getId().getScheme() + ":" + acl.getId().getId() + ", so anyone could register a provider"
                        + " there; an administrator must re-create it with the providers' credentials");
            }
        }
    }

    /**
     * Creates {@code path} as an ephemeral node of this session, replacing a stale one left by an older session.
     * The stale node may vanish, or be replaced, between seeing it and deleting it: each such race is another try,
     * and the version check makes sure only the node that was seen is deleted.
     */
    private void write(String path, byte[] data) throws Exception {
        if (path.contains("/providers/")) {
            secureParent(path);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                client.create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path, data);
                return;
            } catch (KeeperException.NodeExistsException e) {
                Stat stat = client.checkExists().forPath(path);
                if (stat == null) {
                    continue; // gone since the create failed: create it again
                }
                long session = client.getZookeeperClient().getZooKeeper().getSessionId();
                if (stat.getEphemeralOwner() == session) {
                    client.setData().forPath(path, data);
                    return;
                }
                if (attempt > WRITE_ATTEMPTS) {
                    // Another live session keeps writing this address: two processes advertise the same host:port.
                    throw new IllegalStateException(path + " is owned by ZooKeeper session 0x"
                            + Long.toHexString(stat.getEphemeralOwner()) + " and came back " + WRITE_ATTEMPTS
                            + " times after this provider replaced it: is another process advertising the same"
                            + " address?", e);
                }
                // Left by a previous process at the same address whose session has not timed out yet.
                try {
                    client.delete().withVersion(stat.getVersion()).forPath(path);
                } catch (KeeperException.NoNodeException | KeeperException.BadVersionException gone) {
                    // Vanished or replaced meanwhile: the next try sees what is there now.
                }
            }
        }
    }

    /**
     * Returns whether the session is connected now: Curator has not reported SUSPENDED or LOST since it last
     * reported CONNECTED or RECONNECTED, and the ZooKeeper client agrees.
     */
    @Override
    public boolean isConnected() {
        return !outage && connected();
    }

    private boolean connected() {
        return client.getZookeeperClient().isConnected();
    }

    private void delete(String path) {
        synchronized (owned) {
            deleteLocked(path);
        }
    }

    private void deleteLocked(String path) {
        owned.remove(path);
        if (!connected()) {
            // The node may outlive the outage if the session does: remove it once ZooKeeper is back.
            staleDeletes.add(path);
            return;
        }
        try {
            client.delete().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            // Already gone: the goal is reached.
        } catch (Exception e) {
            log.warn("cannot delete {} from ZooKeeper (it goes when the session ends): {}", path, e.toString());
        }
    }

    private void onStateChange(ConnectionState state) {
        switch (state) {
            case SUSPENDED, LOST -> {
                if (!outage) {
                    outage = true;
                    log.warn("ZooKeeper at {} is unreachable ({}): providers keep serving and consumers keep their "
                            + "last known provider lists until it returns", address.redacted(), state);
                }
            }
            case CONNECTED, RECONNECTED -> {
                if (state == ConnectionState.RECONNECTED) {
                    reconnectedAtNanos = System.nanoTime();
                }
                if (outage) {
                    outage = false;
                    offline = false;
                    log.info("ZooKeeper at {} is reachable again; re-registering {} nodes", address.redacted(),
                            owned.size());
                }
                resync.execute(this::rewriteOwned);
            }
            default -> { }
        }
    }

    /** Writes every owned node again: after a new session they are gone, after a reconnection they are kept. */
    private void rewriteOwned() {
        for (String path : List.copyOf(staleDeletes)) {
            staleDeletes.remove(path);
            delete(path);
        }
        for (String path : List.copyOf(owned.keySet())) {
            synchronized (owned) {
                // Re-checked under the lock: an unregister that ran meanwhile must not see its node come back.
                byte[] data = owned.get(path);
                if (data == null) {
                    continue;
                }
                try {
                    write(path, data);
                } catch (Exception e) {
                    log.warn("cannot re-register {}: {}", path, e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        for (ProviderWatch watch : watches) {
            watch.close();
        }
        watches.clear();
        for (TopologyWatch watch : topologyWatches) {
            watch.close();
        }
        topologyWatches.clear();
        if (connected()) {
            for (String path : List.copyOf(owned.keySet())) {
                delete(path);
            }
        }
        owned.clear();
        staleDeletes.clear();
        resync.shutdownNow();
        client.close();
    }

    /** Nodes are readable by everyone and writable only by the identity that created them. */
    private static final class OwnerWritesAclProvider implements ACLProvider {
        private final List<ACL> acl;

        OwnerWritesAclProvider(String digest) {
            try {
                this.acl = java.util.Arrays.asList(
                        new ACL(ZooDefs.Perms.ALL, new Id("digest", DigestAuthenticationProvider.generateDigest(digest))),
                        new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is required of every Java platform", e);
            }
        }

        @Override
        public List<ACL> getDefaultAcl() {
            return acl;
        }

        @Override
        public List<ACL> getAclForPath(String path) {
            return acl;
        }
    }
}
