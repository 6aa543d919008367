package io.ferryrpc.core;

import io.ferryrpc.api.ClusterMode;
import io.ferryrpc.core.internal.cluster.MethodPolicy;
import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.descriptor.ServiceDescriptor;
import io.ferryrpc.core.internal.filter.FilterChain;
import io.ferryrpc.core.internal.invoke.ConsumerInvoker;
import io.ferryrpc.core.internal.invoke.Directory;
import io.ferryrpc.core.internal.invoke.GenericInvoker;
import io.ferryrpc.core.internal.invoke.RegistryDirectory;
import io.ferryrpc.core.internal.invoke.StaticDirectory;
import io.ferryrpc.core.internal.protocol.FrameHeader;
import io.ferryrpc.core.internal.net.AdvertisedAddress;
import io.ferryrpc.core.internal.proxy.ServiceProxy;
import io.ferryrpc.core.internal.spi.Registries;
import io.ferryrpc.core.internal.spi.Serializers;
import io.ferryrpc.core.internal.transport.ClientConnection;
import io.ferryrpc.core.internal.transport.ClientTransport;
import io.ferryrpc.core.spi.ConsumerInfo;
import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.spi.LoadBalancer;
import io.ferryrpc.core.spi.Registry;
import io.ferryrpc.core.spi.SerializationConfig;
import io.ferryrpc.core.spi.Serializer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A consumer: creates proxies of service interfaces whose calls go to remote providers.
 *
 * <p>A client holds one multiplexed connection per provider address, shared by all its proxies, one timer for all
 * deadlines and a small executor that completes asynchronous calls off the IO threads. Create one per application
 * and share it; it is thread-safe, and so are its proxies.
 *
 * @since 0.1.0
 */
public final class RpcClient implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RpcClient.class);

    /**
     * Counters of a client, for operators and tests.
     *
     * @param openConnections provider connections open now
     * @param pendingCalls calls sent and waiting for an answer
     * @param lateResponses responses that arrived after their call timed out or was cancelled, and were dropped
     */
    public record Stats(int openConnections, int pendingCalls, long lateResponses) {}

    private final Builder config;
    private final Serializer serializer;
    private final ClientTransport transport;
    private final ThreadPoolExecutor callbackExecutor;
    private final ConcurrentMap<Class<?>, ServiceDescriptor> descriptors = new ConcurrentHashMap<>();
    private final List<Directory> directories = new CopyOnWriteArrayList<>();
    private final Registry registry;
    private final FilterChain filters;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private RpcClient(Builder builder) {
        this.config = builder.copy();
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : RpcClient.class.getClassLoader();
        this.serializer = Serializers.create(Serializers.DEFAULT,
                SerializationConfig.of(loader, new ArrayList<>(config.allowedTypes))
                        .withServicePackages(config.allowApiPackages));
        this.filters = FilterChain.of(config.filters, Filter.Side.CONSUMER);
        // The registry may refuse the address; connect to it before any thread exists, so nothing leaks.
        this.registry = config.registryAddress == null ? null
                : Registries.connect(config.registryAddress, RpcClient.class.getClassLoader());
        this.callbackExecutor = new ThreadPoolExecutor(config.callbackThreads, config.callbackThreads, 60,
                TimeUnit.SECONDS, new ArrayBlockingQueue<>(65536),
                new DefaultThreadFactory("ferry-client-callback", true));
        this.transport = new ClientTransport(config.ioThreads, config.connectTimeout, config.heartbeatInterval,
                config.maxFrameLength, config.tls == null ? null : config.tls.context());
    }

    /** Returns a new builder with the defaults described on each of its methods. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a proxy of {@code type} that calls the providers registered for it in the client's registry.
     *
     * @throws IllegalStateException if the client was built without a registry
     * @throws IllegalArgumentException if {@code type} is not an {@code @RpcService} interface or one of its
     *     methods cannot be called remotely (the message names it)
     */
    public <T> T proxy(Class<T> type) {
        checkOpen();
        if (registry == null) {
            throw new IllegalStateException("this client has no registry; build it with .registry(\"zookeeper://...\")"
                    + " or call proxy(" + type.getSimpleName() + ".class, \"host:port\")");
        }
        ServiceDescriptor service = descriptor(type);
        Directory directory = new RegistryDirectory(service.key(), registry, transport, new ConsumerInfo(service.key(),
                AdvertisedAddress.chooseOrLoopback(), ProcessHandle.current().pid(), config.applicationName,
                System.currentTimeMillis()), config.warmup.toMillis());
        directories.add(directory);
        return ServiceProxy.create(type, service, invoker(type, service, directory),
                "registry " + config.registryAddress);
    }

    /**
     * Returns a proxy of {@code type} that calls the providers at the given {@code host:port} addresses directly,
     * without a registry.
     *
     * @throws IllegalArgumentException if no address is given, an address is malformed, or {@code type} cannot be
     *     called remotely
     */
    public <T> T proxy(Class<T> type, String... addresses) {
        checkOpen();
        if (addresses.length == 0) {
            throw new IllegalArgumentException("addresses: none (expected: at least one host:port)");
        }
        ServiceDescriptor service = descriptor(type);
        if (service.key().version().equals("*")) {
            throw new IllegalArgumentException("version \"*\" needs a registry to learn each provider's version");
        }
        List<ClientConnection> connections = new ArrayList<>(addresses.length);
        for (String address : addresses) {
            connections.add(transport.acquire(Objects.requireNonNull(address, "address")));
        }
        return ServiceProxy.create(type, service, invoker(type, service, new StaticDirectory(connections)),
                String.join(",", addresses));
    }

    private ServiceDescriptor descriptor(Class<?> type) {
        Objects.requireNonNull(type, "type");
        ServiceOptions options = config.services.getOrDefault(type, ServiceOptions.none());
        return descriptors.computeIfAbsent(type, t -> ServiceDescriptor.of(t, serializer,
                options.version().orElse(null), options.group().orElse(null)));
    }

    private ConsumerInvoker invoker(Class<?> type, ServiceDescriptor service, Directory directory) {
        ServiceOptions options = config.services.getOrDefault(type, ServiceOptions.none());
        MethodPolicy defaults = defaultPolicy();
        Map<MethodDescriptor, MethodPolicy> policies = new HashMap<>();
        for (MethodDescriptor method : service.methods()) {
            MethodPolicy policy = MethodPolicy.resolve(method, options, defaults);
            if (policy.cluster() == ClusterMode.FORKING && !policy.idempotent()) {
                log.warn("{} is FORKING but not idempotent: each call runs on up to {} providers",
                        method.signature(), policy.forks());
            }
            policies.put(method, policy);
        }
        return newInvoker(service.key(), directory, policies);
    }

    private MethodPolicy defaultPolicy() {
        CallPolicy p = config.defaultPolicy;
        return new MethodPolicy(p.timeout().orElse(Duration.ofSeconds(3)).toMillis(),
                p.retries().orElse(2), p.idempotent().orElse(false),
                p.loadBalancer().orElseGet(LoadBalancer::weightedRandom), p.cluster().orElse(ClusterMode.FAILOVER),
                p.forks().orElse(2));
    }

    private ConsumerInvoker newInvoker(io.ferryrpc.core.spi.ServiceKey key, Directory directory,
            Map<MethodDescriptor, MethodPolicy> policies) {
        return new ConsumerInvoker(key, config.applicationName, filters, directory, policies,
                callbackExecutor, serializer.id(), config.maxFrameLength,
                config.credentials == null ? null : config.credentials.signer());
    }

    /**
     * Returns a {@link GenericService} that calls {@code service}, found in the client's registry, without its
     * interface; calls use the client's default policy (not idempotent unless the client says so).
     *
     * @throws IllegalStateException if the client was built without a registry
     * @throws IllegalArgumentException if the version is {@code "*"}
     */
    public GenericService generic(io.ferryrpc.core.spi.ServiceKey service) {
        checkOpen();
        if (registry == null) {
            throw new IllegalStateException("this client has no registry; build it with .registry(\"zookeeper://...\")"
                    + " or call generic(service, \"host:port\")");
        }
        Directory directory = new RegistryDirectory(service, registry, transport, new ConsumerInfo(service,
                AdvertisedAddress.chooseOrLoopback(), ProcessHandle.current().pid(), config.applicationName,
                System.currentTimeMillis()), config.warmup.toMillis());
        directories.add(directory);
        return genericOver(service, directory);
    }

    /**
     * Returns a {@link GenericService} that calls {@code service} at the given {@code host:port} addresses
     * directly; without a registry the methods' signatures are unknown, so calls name their parameter types.
     */
    public GenericService generic(io.ferryrpc.core.spi.ServiceKey service, String... addresses) {
        checkOpen();
        if (addresses.length == 0) {
            throw new IllegalArgumentException("addresses: none (expected: at least one host:port)");
        }
        List<ClientConnection> connections = new ArrayList<>(addresses.length);
        for (String address : addresses) {
            connections.add(transport.acquire(Objects.requireNonNull(address, "address")));
        }
        return genericOver(service, new StaticDirectory(connections));
    }

    private GenericService genericOver(io.ferryrpc.core.spi.ServiceKey service, Directory directory) {
        MethodPolicy defaults = defaultPolicy();
        return new GenericInvoker(service, directory, serializer, method -> newInvoker(service, directory,
                Map.of(method, MethodPolicy.resolve(method, ServiceOptions.none(), defaults))));
    }

    /** Returns the client's counters now. */
    public Stats stats() {
        return new Stats(transport.openConnections(), transport.pendingCalls(), transport.lateResponses());
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("client is closed");
        }
    }

    /**
     * Fails every pending call with {@code CONNECTION_FAILED}, closes every connection and stops every thread of
     * this client. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        directories.forEach(Directory::close);
        if (registry != null) {
            registry.close();
        }
        transport.close();
        callbackExecutor.shutdown();
        try {
            if (!callbackExecutor.awaitTermination(5, TimeUnit.SECONDS)) {
                callbackExecutor.shutdownNow();
            }
        } catch (InterruptedException e) {
            callbackExecutor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Builds an {@link RpcClient}; not thread-safe. Every setter validates its argument at once. */
    public static final class Builder {
        private String registryAddress;
        private String applicationName = "ferry-consumer";
        private Duration connectTimeout = Duration.ofSeconds(3);
        private CallPolicy defaultPolicy = CallPolicy.inherit();
        private List<Filter> filters = new ArrayList<>();
        private Map<Class<?>, ServiceOptions> services = new HashMap<>();
        private Duration warmup = Duration.ofSeconds(10);
        private Duration heartbeatInterval = Duration.ofSeconds(30);
        private int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private int callbackThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private int maxFrameLength = FrameHeader.DEFAULT_MAX_BODY_LENGTH;
        private List<String> allowedTypes = List.of();
        private boolean allowApiPackages = true;
        private Credentials credentials;
        private TlsConfig tls;

        private Builder() {}

        private Builder copy() {
            Builder b = new Builder();
            b.registryAddress = registryAddress;
            b.applicationName = applicationName;
            b.connectTimeout = connectTimeout;
            b.defaultPolicy = defaultPolicy;
            b.filters = List.copyOf(filters);
            b.services = Map.copyOf(services);
            b.warmup = warmup;
            b.heartbeatInterval = heartbeatInterval;
            b.ioThreads = ioThreads;
            b.callbackThreads = callbackThreads;
            b.maxFrameLength = maxFrameLength;
            b.allowedTypes = allowedTypes;
            b.allowApiPackages = allowApiPackages;
            b.credentials = credentials;
            b.tls = tls;
            return b;
        }

        /** The registry to find providers in, such as {@code zookeeper://127.0.0.1:2181}; default none. */
        public Builder registry(String registryAddress) {
            this.registryAddress = Objects.requireNonNull(registryAddress, "registryAddress");
            return this;
        }

        /** The application name this consumer reports; default {@code ferry-consumer}. */
        public Builder applicationName(String applicationName) {
            this.applicationName = Objects.requireNonNull(applicationName, "applicationName");
            return this;
        }






        /**
         * The call policy of methods that set nothing themselves (below {@code @RpcMethod} and the per-service
         * options); what it leaves unset keeps Ferry's defaults: 3 s timeout, 2 retries, not idempotent, weighted
         * random, {@link ClusterMode#FAILOVER}, 2 forks.
         */
        public Builder defaultPolicy(CallPolicy defaultPolicy) {
            this.defaultPolicy = Objects.requireNonNull(defaultPolicy, "defaultPolicy");
            return this;
        }

        /** Adds filters that run around every call of this client (with those found by ServiceLoader). */
        public Builder filter(Filter... filters) {
            for (Filter f : filters) {
                this.filters.add(Objects.requireNonNull(f, "filter"));
            }
            return this;
        }

        /**
         * Settings for one service that override its interface's annotations: version and group to call, and call
         * policies for the service and single methods.
         */
        public Builder service(Class<?> type, ServiceOptions options) {
            services.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(options, "options"));
            return this;
        }

        /**
         * How long a newly started provider's weight ramps up from almost nothing to its registered value, so a cold
         * JVM is not flooded; default 10 s, zero for none.
         */
        public Builder warmup(Duration warmup) {
            if (warmup.isNegative()) {
                throw new IllegalArgumentException("warmup: " + warmup + " (expected: >= 0)");
            }
            this.warmup = warmup;
            return this;
        }

        /** How long connecting to a provider may take; default 3 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = RpcServer.Builder.positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * How often an idle connection is pinged; one silent for three intervals is closed and re-opened on the
         * next call. Default 30 s.
         */
        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = RpcServer.Builder.positive(heartbeatInterval, "heartbeatInterval");
            return this;
        }

        /** Netty IO threads; default the number of processors. */
        public Builder ioThreads(int ioThreads) {
            this.ioThreads = RpcServer.Builder.positive(ioThreads, "ioThreads");
            return this;
        }

        /** Threads that complete asynchronous calls; default the number of processors, at least 2. */
        public Builder callbackThreads(int callbackThreads) {
            this.callbackThreads = RpcServer.Builder.positive(callbackThreads, "callbackThreads");
            return this;
        }

        /** The largest frame body sent or accepted, in bytes; default 8 MiB. */
        public Builder maxFrameLength(int maxFrameLength) {
            this.maxFrameLength = RpcServer.Builder.positive(maxFrameLength, "maxFrameLength");
            return this;
        }

        /**
         * Extra classes (full names) or packages (names ending in {@code .}) whose instances may arrive where a
         * declared type is {@code Object}, an interface or an abstract class; default none.
         */
        public Builder allowedTypes(String... prefixes) {
            this.allowedTypes = List.of(prefixes);
            return this;
        }

        /**
         * Whether classes in the package of each service interface (and its subpackages), the service's own API,
         * may arrive where a declared type is {@code Object}, an interface or an abstract class; default
         * {@code true}. Turn it off to accept only the types reachable from the declared signatures and those of
         * {@link #allowedTypes(String...)}.
         */
        public Builder allowApiPackageTypes(boolean allow) {
            this.allowApiPackages = allow;
            return this;
        }

        /**
         * The credentials sent with every call, for providers that require authentication; default none. The
         * application they name is what providers authenticate and check against their allow lists; the
         * {@linkplain #applicationName application name} stays what this client reports in metrics and the registry.
         */
        public Builder credentials(Credentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * Connects to every provider over TLS, set up by a {@link TlsConfig#client} configuration; default
         * plaintext. A connection takes calls only once its handshake has completed; calls waiting for it fail with
         * {@code CONNECTION_FAILED} saying why if it fails.
         *
         * @throws IllegalArgumentException if {@code tls} is a server configuration
         */
        public Builder tls(TlsConfig tls) {
            if (Objects.requireNonNull(tls, "tls").isServer()) {
                throw new IllegalArgumentException("tls: a server configuration (expected: TlsConfig.client()...)");
            }
            this.tls = tls;
            return this;
        }

        /** Returns a new client with this configuration; the builder may be reused. */
        public RpcClient build() {
            return new RpcClient(this);
        }
    }
}
