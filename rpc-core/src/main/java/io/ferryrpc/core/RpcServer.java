package io.ferryrpc.core;

import io.ferryrpc.core.internal.auth.AuthenticationFilter;
import io.ferryrpc.core.internal.descriptor.CallIdTable;
import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.descriptor.ServiceDescriptor;
import io.ferryrpc.core.internal.descriptor.ServiceDescriptions;
import io.ferryrpc.core.internal.filter.FilterChain;
import io.ferryrpc.core.internal.health.HealthEndpoint;
import io.ferryrpc.core.internal.invoke.ProviderDispatcher;
import io.ferryrpc.core.internal.net.AdvertisedAddress;
import io.ferryrpc.core.internal.protocol.FrameDecoder;
import io.ferryrpc.core.internal.protocol.FrameHeader;
import io.ferryrpc.core.internal.protocol.MessageType;
import io.ferryrpc.core.internal.spi.Registries;
import io.ferryrpc.core.internal.spi.Serializers;
import io.ferryrpc.core.internal.tls.PlaintextGuard;
import io.ferryrpc.core.internal.tls.TlsContext;
import io.ferryrpc.core.internal.transport.ConnectionLimit;
import io.ferryrpc.core.internal.transport.EventLoops;
import io.ferryrpc.core.internal.transport.FrameDeadlines;
import io.ferryrpc.core.internal.transport.RateLimitedWarning;
import io.ferryrpc.core.internal.transport.ServerHandler;
import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.spi.ProviderInfo;
import io.ferryrpc.core.spi.Registry;
import io.ferryrpc.core.spi.SerializationConfig;
import io.ferryrpc.core.spi.Serializer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider: exports service implementations and answers calls to them over TCP.
 *
 * <p>Calls run on a bounded executor, not on an IO thread, unless {@link Builder#runOnIoThreads(boolean)} says the
 * services never block; when the executor's threads and queue are full a call is refused at once with
 * {@code SERVER_BUSY}. {@link #close()} deregisters the services, tells connected consumers that the
 * provider is going away, lets in-flight calls finish within {@link Builder#shutdownTimeout(Duration)}, and then
 * frees every thread and the port. {@link #offline()} and {@link #online()} take it out of rotation and back without
 * stopping it, and {@link #health()} (over HTTP with {@link Builder#healthEndpoint}) tells a process supervisor
 * whether it is live and ready. Thread-safe.
 *
 * @since 0.1.0
 */
public final class RpcServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RpcServer.class);
    /** Flushes held back at most, so a long read burst still sends answers as it goes. */
    static final int FLUSH_CONSOLIDATION_LIMIT = 64;

    private enum State { NEW, STARTED, CLOSED }

    /** How long each IO event loop may take to run a no-op task before {@link #health()} calls it wedged. */
    static final Duration EVENT_LOOP_PROBE_TIMEOUT = Duration.ofSeconds(1);

    /**
     * Whether a server is live (restarting it is not needed) and ready (it should get traffic), for a process
     * supervisor's probes.
     *
     * @param live the server is not closed, its listening socket is open, and every IO event loop runs a task within
     *     a second; a full executor does not count against it (that is load, which a restart does not cure). A server
     *     that is closing stays live until {@link #close()} returns, so a supervisor does not kill it mid-drain.
     * @param ready the server is started, not closing or closed, online (see {@link #offline()}), and, with a
     *     registry, connected to it with every exported service registered
     * @param reasons why it is not live or not ready, one short sentence each; empty when it is both
     */
    public record Health(boolean live, boolean ready, List<String> reasons) {

        /** Copies {@code reasons}. */
        public Health {
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * Counters of a running server, for operators and tests.
     *
     * @param connections open consumer connections
     * @param connectionsAccepted consumer connections accepted since the server started
     * @param inFlight calls accepted and not yet answered
     * @param rejected calls refused with {@code SERVER_BUSY} because the executor was full
     * @param expiredBeforeRun calls dropped because their deadline passed while they were queued
     * @param cancelledBeforeRun calls their consumer cancelled before they started
     * @param unknownCallIds requests for a call ID that is not exported here
     * @param protocolErrors connections closed for breaking the wire protocol
     * @param connectionsRefused connections closed right after accept because {@link Builder#maxConnections} were
     *     open
     * @param connectionsTimedOut connections closed for sending too slowly or not at all: no first frame within
     *     {@link Builder#firstFrameTimeout}, a frame left incomplete for {@link Builder#frameReadTimeout}, or no
     *     frame within the idle timeout
     * @param rejectedPerConnection calls refused with {@code SERVER_BUSY} because their connection had
     *     {@link Builder#maxInFlightPerConnection} calls in flight
     * @param forbidden calls refused with {@code FORBIDDEN} for their credentials (see {@link Builder#authentication})
     */
    public record Stats(int connections, long connectionsAccepted, int inFlight, long rejected,
            long expiredBeforeRun, long cancelledBeforeRun, long unknownCallIds, long protocolErrors,
            long connectionsRefused, long connectionsTimedOut, long rejectedPerConnection, long forbidden) {}

    private final Builder config;
    private final Serializer serializer;
    private final CallIdTable table = new CallIdTable();
    private final Map<ServiceDescriptor, Object> services = new LinkedHashMap<>();
    private final ThreadPoolExecutor executor;
    private final ProviderDispatcher dispatcher;
    private final ServerHandler handler;
    private final AuthenticationFilter authentication;
    private final ConnectionLimit connectionLimit;
    private final RateLimitedWarning slowConnectionWarning = new RateLimitedWarning(10_000);
    private final ChannelGroup channels = new DefaultChannelGroup("ferry-server", GlobalEventExecutor.INSTANCE);
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final java.util.concurrent.atomic.LongAdder accepted = new java.util.concurrent.atomic.LongAdder();
    private final List<ProviderInfo> registered = new ArrayList<>();
    /**
     * The exported services not in {@link #registered}, as a snapshot that {@link #health()} reads without the lock
     * (registrations hold it while they wait on the registry); refreshed under the lock by {@link #noteRegistrations}.
     */
    private volatile List<String> unregistered = List.of();
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private volatile Channel serverChannel;
    private volatile Registry registry;
    private int port;
    /** Changed under this object's lock; read without it by {@link #isOnline()} and {@link #health()}. */
    private volatile boolean online = true;
    /** Set once {@link #close()} has finished; until then a closed server is closing. */
    private volatile boolean closeFinished;
    private volatile HealthEndpoint healthEndpoint;

    private RpcServer(Builder builder) {
        this.config = builder.copy();
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : RpcServer.class.getClassLoader();
        this.serializer = Serializers.create(Serializers.DEFAULT,
                SerializationConfig.of(loader, config.allowedTypes).withServicePackages(config.allowApiPackages));
        this.executor = new ThreadPoolExecutor(config.executorThreads, config.executorThreads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, config.executorQueueSize)),
                new DefaultThreadFactory("ferry-server-exec", false));
        this.authentication = config.authentication == null ? null : config.authentication.filter();
        List<Filter> filters = new ArrayList<>(config.filters);
        if (authentication != null) {
            filters.add(authentication);
        }
        this.dispatcher = new ProviderDispatcher(table, serializer.id(), executor, config.runOnIoThreads,
                FilterChain.of(filters, Filter.Side.PROVIDER), config.applicationName, config.genericCalls,
                config.maxInFlightPerConnection);
        this.handler = new ServerHandler(dispatcher);
        this.connectionLimit = new ConnectionLimit(config.maxConnections);
    }

    /** Returns a new builder with the defaults described on each of its methods. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Exports {@code implementation} as the provider of {@code type}, an interface annotated with
     * {@code @RpcService}; before or after {@link #start()}.
     *
     * @throws IllegalArgumentException if the interface cannot be exported (the message names the method), or one
     *     of its call IDs collides with a method exported already
     */
    public <T> RpcServer export(Class<T> type, T implementation) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(implementation, "implementation");
        if (!type.isInstance(implementation)) {
            throw new IllegalArgumentException(implementation.getClass().getName() + " does not implement "
                    + type.getName());
        }
        if (state.get() == State.CLOSED) {
            throw new IllegalStateException("server is closed");
        }
        ServiceDescriptor service = ServiceDescriptor.of(type, serializer);
        synchronized (this) {
            table.add(service, implementation);
            services.put(service, implementation);
            try {
                if (state.get() == State.STARTED && online) {
                    register(service);
                }
            } finally {
                noteRegistrations();
            }
        }
        log.info("exported {} with {} methods", service.key(), service.methods().size());
        return this;
    }

    /**
     * Binds the port, starts answering calls and registers the exported services with the registry, if any.
     *
     * @throws IllegalStateException if the port cannot be bound, or the server was started already
     */
    public RpcServer start() {
        if (!state.compareAndSet(State.NEW, State.STARTED)) {
            throw new IllegalStateException("server was already started");
        }
        bossGroup = EventLoops.newGroup(1, "ferry-server-boss");
        workerGroup = EventLoops.newGroup(config.ioThreads, "ferry-server-io");
        long idleMillis = config.heartbeatInterval.toMillis() * 3;
        TlsContext tls = config.tls == null ? null : config.tls.context();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(EventLoops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(connectionLimit)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // The kernel's probes find a peer that vanished without a FIN (after its keepalive time, two hours
                // by default); the idle timeout below usually finds it first.
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                // Above 1 MiB of unsent answers a connection stops being read (see ServerHandler), so a consumer
                // that sends without reading cannot make the provider buffer without bound.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        channels.add(ch);
                        accepted.increment();
                        if (tls != null) {
                            // TLS first, so everything behind it sees plaintext frames; the guard in front only
                            // turns away a plaintext consumer at once (see PlaintextGuard).
                            ch.pipeline().addLast(new PlaintextGuard(), tls.newServerHandler(ch));
                        }
                        FrameDecoder decoder = new FrameDecoder(config.maxFrameLength);
                        ch.pipeline().addLast(
                                // Answers written on the IO thread during a read burst leave in one write syscall
                                // at its end; answers from executor threads are batched by OutboundQueue. Flushes
                                // outside a read are not delayed: a scheduled flush was seen to add milliseconds.
                                new FlushConsolidationHandler(FLUSH_CONSOLIDATION_LIMIT, false),
                                new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS),
                                decoder,
                                new FrameDeadlines(decoder, config.firstFrameTimeout.toNanos(),
                                        config.frameReadTimeout.toNanos(), handler.timedOut(),
                                        slowConnectionWarning),
                                handler);
                    }
                });
        try {
            serverChannel = bootstrap.bind(config.bindAddress, config.port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            shutdownThreads();
            state.set(State.CLOSED);
            closeFinished = true;
            throw new IllegalStateException("cannot bind " + config.bindAddress + ":" + config.port + ": " + e, e);
        }
        port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        log.info("Ferry server listening on {}:{} ({}, {}), advertising {}", config.bindAddress, port,
                EventLoops.transportName(), config.tls == null ? "plaintext" : config.tls, advertisedHost());
        if (config.healthBindAddress != null) {
            // Before the registry connects, so that a supervisor sees "not ready" rather than nothing meanwhile.
            try {
                healthEndpoint = new HealthEndpoint(config.healthBindAddress, config.healthPort, this::health);
            } catch (IOException | RuntimeException e) {
                close();
                throw new IllegalStateException("cannot bind the health endpoint to " + config.healthBindAddress
                        + ":" + config.healthPort + ": " + e, e);
            }
            log.info("health endpoint on http://{}:{}/health/live and /health/ready", config.healthBindAddress,
                    healthEndpoint.port());
        }
        if (config.registryAddress != null) {
            try {
                registry = Registries.connect(config.registryAddress, RpcServer.class.getClassLoader());
                synchronized (this) {
                    try {
                        if (online) {
                            services.keySet().forEach(this::register);
                        }
                    } finally {
                        noteRegistrations();
                    }
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }
        return this;
    }

    private void register(ServiceDescriptor service) {
        if (registry == null) {
            return;
        }
        Map<String, Integer> callIds = new LinkedHashMap<>();
        for (MethodDescriptor m : service.methods()) {
            callIds.put(m.signature(), m.callId());
        }
        ServiceDescriptions.Description description = ServiceDescriptions.of(service);
        registry.publishDescription(service.key(), description.digest(), description.json());
        ProviderInfo info = new ProviderInfo(service.key(), advertisedHost(), port, config.weight, serializer.id(),
                config.applicationName, System.currentTimeMillis(), callIds, description.digest());
        registry.register(info);
        registered.add(info);
    }

    private String advertisedHost() {
        return config.host != null ? config.host : AdvertisedAddress.choose(config.bindAddress);
    }

    /** Returns the port the server listens on (the chosen one when built with port 0). */
    public int port() {
        if (state.get() == State.NEW) {
            throw new IllegalStateException("server is not started");
        }
        return port;
    }

    /**
     * Takes this provider out of rotation without stopping it: its services leave the registry (they are remembered,
     * and services exported meanwhile are registered only at {@link #online()}), and every connected consumer is
     * sent OFFLINE, as is each consumer that connects while it lasts, so that they send new calls to other
     * providers. It keeps serving: calls in flight finish normally and calls that still arrive are answered, so a
     * consumer whose only provider this is keeps working (consumers choose an offline provider only when none other
     * is available), while a consumer that finds providers through the registry no longer sees it. Idempotent.
     *
     * @throws IllegalStateException if the server is not started, or closed
     */
    public void offline() {
        synchronized (this) {
            requireRunning("offline");
            if (!online) {
                return;
            }
            online = false;
            // Under the lock, so that the frames of racing offline() and online() calls reach each connection in the
            // order the state changed.
            handler.offline(true);
            tellAll(MessageType.OFFLINE);
            for (ProviderInfo info : registered) {
                try {
                    registry.unregister(info);
                } catch (RuntimeException e) {
                    log.warn("cannot unregister {}", info.service(), e);
                }
            }
            registered.clear();
            noteRegistrations();
        }
        log.info("Ferry server on port {} is offline (consumers told, services unregistered); still answering calls", port);
    }

    /**
     * Puts this provider back in rotation after {@link #offline()}: registers every exported service again (with a
     * new start time) and sends ONLINE to every connected consumer. Idempotent.
     *
     * @throws IllegalStateException if the server is not started, or closed
     * @throws io.ferryrpc.api.RpcException if the registry refuses a registration (the first failure, with the
     *     others suppressed); every service is tried, the server is online, and {@link #health()} names the
     *     services not registered
     */
    public void online() {
        synchronized (this) {
            requireRunning("online");
            if (online) {
                return;
            }
            online = true;
            handler.offline(false);
            tellAll(MessageType.ONLINE);
            RuntimeException failed = null;
            for (ServiceDescriptor service : services.keySet()) {
                try {
                    register(service);
                } catch (RuntimeException e) {
                    log.warn("cannot register {} again: {}", service.key(), e.toString());
                    if (failed == null) {
                        failed = e;
                    } else {
                        failed.addSuppressed(e);
                    }
                }
            }
            noteRegistrations();
            if (failed != null) {
                throw failed;
            }
        }
        log.info("Ferry server on port {} is online", port);
    }

    /** Returns whether the server is in rotation: true unless {@link #offline()} was called without {@link #online()}. */
    public boolean isOnline() {
        return online;
    }

    private void requireRunning(String operation) {
        switch (state.get()) {
            case NEW -> throw new IllegalStateException(operation + "(): the server is not started");
            case CLOSED -> throw new IllegalStateException(operation + "(): the server is closed");
            default -> { }
        }
    }

    private void tellAll(MessageType type) {
        for (Channel ch : channels) {
            ServerHandler.tell(ch, type);
        }
    }

    /**
     * Returns whether the server is live and ready now (see {@link Health}). Takes up to a second when an IO event
     * loop does not respond; the probe task is not run on an IO thread's own loop when called from one.
     */
    public Health health() {
        return health(true);
    }

    /**
     * Returns the health now, probing the IO loops only if {@code probeEventLoops}: readiness is answered without
     * them, so that a readiness probe never waits on a wedged loop. Never takes this server's lock, which
     * registrations hold while they wait on the registry.
     */
    private Health health(boolean probeEventLoops) {
        List<String> reasons = new ArrayList<>();
        State now = state.get();
        boolean closing = now == State.CLOSED && !closeFinished;
        boolean live = switch (now) {
            case NEW -> {
                reasons.add("not started");
                yield false;
            }
            case CLOSED -> {
                reasons.add(closing ? "closing" : "closed");
                yield closing && (!probeEventLoops || eventLoopsRespond(reasons));
            }
            case STARTED -> {
                Channel listening = serverChannel;
                boolean open = listening != null && listening.isOpen();
                if (!open) {
                    reasons.add("the listening socket is closed");
                }
                yield (!probeEventLoops || eventLoopsRespond(reasons)) && open;
            }
        };
        boolean ready = now == State.STARTED;
        if (ready && !online) {
            reasons.add("offline");
            ready = false;
        }
        if (ready && config.registryAddress != null) {
            ready = registryReady(reasons);
        }
        return new Health(live, ready, reasons);
    }

    /** Refreshes {@link #unregistered}; called under this server's lock after registrations change. */
    private void noteRegistrations() {
        Set<String> done = new HashSet<>();
        registered.forEach(info -> done.add(info.service().toString()));
        List<String> missing = new ArrayList<>();
        for (ServiceDescriptor service : services.keySet()) {
            if (!done.contains(service.key().toString())) {
                missing.add(service.key().toString());
            }
        }
        unregistered = List.copyOf(missing);
    }

    private boolean registryReady(List<String> reasons) {
        Registry current = registry;
        if (current == null) {
            reasons.add("registry not connected yet");
            return false;
        }
        boolean ready = true;
        if (!current.isConnected()) {
            reasons.add("registry disconnected");
            ready = false;
        }
        for (String key : unregistered) {
            reasons.add("not registered: " + key);
            ready = false;
        }
        return ready;
    }

    /** Runs a no-op task on every IO event loop, and names those that do not run it in time. */
    private boolean eventLoopsRespond(List<String> reasons) {
        long deadline = System.nanoTime() + EVENT_LOOP_PROBE_TIMEOUT.toNanos();
        List<Future<?>> probes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        boolean live = true;
        for (EventLoopGroup group : new EventLoopGroup[] {bossGroup, workerGroup}) {
            if (group == null) {
                // Still starting: start() creates the groups before anything could be wedged.
                continue;
            }
            int index = 0;
            for (EventExecutor loop : group) {
                String name = (group == bossGroup ? "ferry-server-boss" : "ferry-server-io") + " event loop " + index++;
                if (loop.inEventLoop()) {
                    continue;
                }
                try {
                    probes.add(loop.submit(() -> { }));
                    names.add(name);
                } catch (RejectedExecutionException e) {
                    reasons.add(name + " is shut down");
                    live = false;
                }
            }
        }
        for (int i = 0; i < probes.size(); i++) {
            long left = deadline - System.nanoTime();
            if (!probes.get(i).awaitUninterruptibly(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                reasons.add(names.get(i) + " did not run a task within " + EVENT_LOOP_PROBE_TIMEOUT.toMillis()
                        + " ms");
                live = false;
            }
        }
        return live;
    }

    /**
     * Returns the port of the health endpoint (the chosen one when configured with port 0).
     *
     * @throws IllegalStateException if the server is not started or has no health endpoint
     */
    public int healthPort() {
        HealthEndpoint endpoint = healthEndpoint;
        if (endpoint == null) {
            throw new IllegalStateException(config.healthBindAddress == null
                    ? "no health endpoint: configure one with RpcServer.Builder.healthEndpoint(bindAddress, port)"
                    : "server is not started");
        }
        return endpoint.port();
    }

    /** Returns the server's counters now. */
    public Stats stats() {
        return new Stats(channels.size(), accepted.sum(), dispatcher.inFlight(), dispatcher.rejected(), dispatcher.expiredBeforeRun(),
                dispatcher.cancelledBeforeRun(), dispatcher.unknownCallIds(), handler.protocolErrors(),
                connectionLimit.refused(), handler.timedOut().sum(), dispatcher.rejectedPerConnection(),
                authentication == null ? 0 : authentication.refused());
    }

    /**
     * Shuts down gracefully: deregisters, sends GOAWAY to every consumer, refuses new calls with
     * {@code SERVER_BUSY}, waits for in-flight calls up to the shutdown timeout, then closes every connection and
     * stops every thread. Idempotent.
     */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        if (previous == State.NEW) {
            dispatcher.abortQueued(executor.shutdownNow());
            closeFinished = true;
            return;
        }
        long deadline = System.nanoTime() + config.shutdownTimeout.toNanos();
        if (registry != null) {
            boolean any;
            synchronized (this) {
                any = !registered.isEmpty();
                for (ProviderInfo info : registered) {
                    try {
                        registry.unregister(info);
                    } catch (RuntimeException e) {
                        log.warn("cannot unregister {}", info.service(), e);
                    }
                }
            }
            if (any) {
                // Keep serving while consumers' watches take this provider off their lists, so that no call is
                // sent here after the drain starts; bounded by the configured grace period.
                try {
                    Thread.sleep(config.unregisterGracePeriod.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        serverChannel.close().syncUninterruptibly();
        dispatcher.drain();
        tellAll(MessageType.GOAWAY);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                log.warn("{} calls still running after the shutdown timeout of {}; interrupting them",
                        executor.getActiveCount(), config.shutdownTimeout);
                dispatcher.abortQueued(executor.shutdownNow());
            }
            // Asynchronous methods may still be completing after the executor is done with them.
            dispatcher.awaitIdle(deadline);
        } catch (InterruptedException e) {
            dispatcher.abortQueued(executor.shutdownNow());
            Thread.currentThread().interrupt();
        }
        channels.close().awaitUninterruptibly(config.shutdownTimeout.toMillis());
        if (registry != null) {
            registry.close();
        }
        if (healthEndpoint != null) {
            healthEndpoint.close();
        }
        shutdownThreads();
        closeFinished = true;
        log.info("Ferry server on port {} closed", port);
    }

    private void shutdownThreads() {
        dispatcher.abortQueued(executor.shutdownNow());
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5000);
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5000);
        }
    }

    /** Builds an {@link RpcServer}; not thread-safe. Every setter validates its argument at once. */
    public static final class Builder {
        private String bindAddress = "0.0.0.0";
        private String host;
        private int port = 20880;
        private int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private int executorThreads = 200;
        private int executorQueueSize = 1024;
        private boolean runOnIoThreads;
        private int maxFrameLength = FrameHeader.DEFAULT_MAX_BODY_LENGTH;
        private int maxConnections = 10_000;
        private int maxInFlightPerConnection = 1024;
        private Duration firstFrameTimeout = Duration.ofSeconds(10);
        private Duration frameReadTimeout = Duration.ofSeconds(10);
        private Duration heartbeatInterval = Duration.ofSeconds(30);
        private Duration shutdownTimeout = Duration.ofSeconds(10);
        private Duration unregisterGracePeriod = Duration.ofSeconds(1);
        private String registryAddress;
        private String applicationName = "ferry-provider";
        private int weight = 100;
        private List<String> allowedTypes = List.of();
        private boolean allowApiPackages = true;
        private boolean genericCalls = true;
        private List<Filter> filters = new ArrayList<>();
        private Authentication authentication;
        private TlsConfig tls;
        private String healthBindAddress;
        private int healthPort;

        private Builder() {}

        private Builder copy() {
            Builder b = new Builder();
            b.bindAddress = bindAddress;
            b.host = host;
            b.port = port;
            b.ioThreads = ioThreads;
            b.executorThreads = executorThreads;
            b.executorQueueSize = executorQueueSize;
            b.runOnIoThreads = runOnIoThreads;
            b.maxFrameLength = maxFrameLength;
            b.maxConnections = maxConnections;
            b.maxInFlightPerConnection = maxInFlightPerConnection;
            b.firstFrameTimeout = firstFrameTimeout;
            b.frameReadTimeout = frameReadTimeout;
            b.heartbeatInterval = heartbeatInterval;
            b.shutdownTimeout = shutdownTimeout;
            b.unregisterGracePeriod = unregisterGracePeriod;
            b.registryAddress = registryAddress;
            b.applicationName = applicationName;
            b.weight = weight;
            b.allowedTypes = allowedTypes;
            b.allowApiPackages = allowApiPackages;
            b.genericCalls = genericCalls;
            b.filters = List.copyOf(filters);
            b.authentication = authentication;
            b.tls = tls;
            b.healthBindAddress = healthBindAddress;
            b.healthPort = healthPort;
            return b;
        }

        /** The local address to listen on; default {@code 0.0.0.0} (all interfaces). */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        /**
         * The host consumers should connect to, as published in the registry; default: the bind address if it is
         * specific, else a routable address of this machine (never a wildcard or loopback address).
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port to listen on, 0 for an ephemeral one; default 20880. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
            }
            this.port = port;
            return this;
        }

        /** Netty IO threads; default the number of processors. */
        public Builder ioThreads(int ioThreads) {
            this.ioThreads = positive(ioThreads, "ioThreads");
            return this;
        }

        /** Threads that run service methods; default 200. */
        public Builder executorThreads(int executorThreads) {
            this.executorThreads = positive(executorThreads, "executorThreads");
            return this;
        }

        /** Calls that may wait for a thread before new ones are refused with {@code SERVER_BUSY}; default 1024. */
        public Builder executorQueueSize(int executorQueueSize) {
            this.executorQueueSize = positive(executorQueueSize, "executorQueueSize");
            return this;
        }

        /**
         * Runs every call on the IO thread that read it instead of handing it to the executor; default
         * {@code false}. This saves two thread hand-offs per call and is the fastest way to serve methods that never
         * block (no I/O, no locks held long, no sleeping) or that return a {@code CompletableFuture} completed
         * elsewhere. A method that blocks here stalls every connection of its IO thread, so leave it off unless
         * that is known. Calls are not interrupted on cancel in this mode (the IO thread is not theirs to
         * interrupt), and the executor settings are unused.
         */
        public Builder runOnIoThreads(boolean runOnIoThreads) {
            this.runOnIoThreads = runOnIoThreads;
            return this;
        }

        /** The largest frame body accepted, in bytes; default 8 MiB. A longer frame closes its connection. */
        public Builder maxFrameLength(int maxFrameLength) {
            this.maxFrameLength = positive(maxFrameLength, "maxFrameLength");
            return this;
        }

        /**
         * The most consumer connections open at once; default 10,000. A connection over it is closed as soon as it
         * is accepted (counted in {@link Stats#connectionsRefused()}, with a warning at most every 10 s), so a flood
         * of connections cannot exhaust file descriptors or memory while connected consumers keep being served;
         * a consumer refused this way sees its calls fail with {@code CONNECTION_FAILED} at once.
         */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = positive(maxConnections, "maxConnections");
            return this;
        }

        /**
         * The most calls one connection may have accepted and not yet answered (asynchronous methods included, in
         * both dispatch modes); default 1024. A request over it is answered with {@code SERVER_BUSY} at once,
         * without its body being decoded (counted in {@link Stats#rejectedPerConnection()}). One consumer process
         * talks to a provider over one connection, so this caps what a single consumer can hold; the default equals
         * the default executor queue, so one connection cannot occupy all threads and queue places on its own.
         */
        public Builder maxInFlightPerConnection(int maxInFlightPerConnection) {
            this.maxInFlightPerConnection = positive(maxInFlightPerConnection, "maxInFlightPerConnection");
            return this;
        }

        /**
         * How long a new connection may take to deliver its first complete frame; default 10 s. A connection that
         * connects and sends nothing (or too little) is closed after it, counted in
         * {@link Stats#connectionsTimedOut()}. Consumers send their first call as soon as they connect.
         */
        public Builder firstFrameTimeout(Duration firstFrameTimeout) {
            this.firstFrameTimeout = positive(firstFrameTimeout, "firstFrameTimeout");
            return this;
        }

        /**
         * How long a connection may leave a frame incomplete: from its last complete frame (or its first byte)
         * until the rest of the one it has started arrives; default 10 s. A slow-loris client dribbling bytes is
         * closed after it, counted in {@link Stats#connectionsTimedOut()}. It also bounds the slowest link a
         * large frame may cross: a full 8 MiB frame needs about 0.8 MB/s. The clock stops while the provider
         * itself stops reading (write backpressure).
         */
        public Builder frameReadTimeout(Duration frameReadTimeout) {
            this.frameReadTimeout = positive(frameReadTimeout, "frameReadTimeout");
            return this;
        }

        /**
         * The heartbeat interval consumers use; a connection with no frame for three intervals is closed.
         * Default 30 s.
         */
        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = positive(heartbeatInterval, "heartbeatInterval");
            return this;
        }

        /** How long {@link RpcServer#close()} waits for in-flight calls; default 10 s. */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = positive(shutdownTimeout, "shutdownTimeout");
            return this;
        }

        /**
         * How long {@link RpcServer#close()} keeps serving after removing its registry nodes, so that consumers
         * have seen the removal before the drain starts; default 1 s. Only used with a registry.
         */
        public Builder unregisterGracePeriod(Duration unregisterGracePeriod) {
            if (unregisterGracePeriod.isNegative()) {
                throw new IllegalArgumentException("unregisterGracePeriod: " + unregisterGracePeriod
                        + " (expected: >= 0)");
            }
            this.unregisterGracePeriod = unregisterGracePeriod;
            return this;
        }

        /** The registry to publish exported services in, such as {@code zookeeper://127.0.0.1:2181}; default none. */
        public Builder registry(String registryAddress) {
            this.registryAddress = Objects.requireNonNull(registryAddress, "registryAddress");
            return this;
        }

        /** The application name published with each service; default {@code ferry-provider}. */
        public Builder applicationName(String applicationName) {
            this.applicationName = Objects.requireNonNull(applicationName, "applicationName");
            return this;
        }

        /** The relative share of traffic this provider asks for; default 100. */
        public Builder weight(int weight) {
            this.weight = positive(weight, "weight");
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
         * Whether consumers without the service's classes may call it generically ({@code GenericService}), with
         * arguments given as maps, lists and scalars and converted here to the declared parameter types; default
         * {@code true}. A generic call builds only declared types and their fields, never a class it names, and
         * passes through authentication and filters like any other. When off, generic calls are refused with
         * {@code FORBIDDEN} before anything is decoded.
         */
        public Builder genericCalls(boolean allow) {
            this.genericCalls = allow;
            return this;
        }

        /** Adds filters that run around every call this server answers (with those found by ServiceLoader). */
        public Builder filter(Filter... filters) {
            for (Filter f : filters) {
                this.filters.add(Objects.requireNonNull(f, "filter"));
            }
            return this;
        }

        /**
         * Requires consumers to authenticate as one of the applications {@code authentication} accepts, and to be
         * on the allow list of the service they call; other calls are answered with {@code FORBIDDEN} without
         * decoding their arguments or running service code. Default: none (every call is accepted).
         */
        public Builder authentication(Authentication authentication) {
            this.authentication = Objects.requireNonNull(authentication, "authentication");
            return this;
        }

        /**
         * Serves only TLS connections, set up by a {@link TlsConfig#server} configuration; default plaintext. A
         * plaintext consumer is disconnected at its first frame, and every consumer must finish its handshake within
         * the configuration's handshake timeout before a call of it is read.
         *
         * @throws IllegalArgumentException if {@code tls} is a client configuration
         */
        public Builder tls(TlsConfig tls) {
            if (!Objects.requireNonNull(tls, "tls").isServer()) {
                throw new IllegalArgumentException("tls: a client configuration (expected: TlsConfig.server(...))");
            }
            this.tls = tls;
            return this;
        }

        /**
         * Serves HTTP probes for a process supervisor on {@code bindAddress:port} (0 for an ephemeral port, see
         * {@link RpcServer#healthPort()}) from {@link RpcServer#start()} until {@link RpcServer#close()}:
         * {@code GET /health/live} and {@code GET /health/ready} answer 200 {@code {"status":"UP"}} or 503
         * {@code {"status":"DOWN","reasons":[...]}} (see {@link Health}); {@code HEAD} answers the same without
         * the body. Default: off. The endpoint runs on a thread of its own (never on the server's IO threads), has
         * no authentication, and takes one request per connection: a connection is closed 2 s after it is accepted
         * whatever it has sent, a request or header line over 4 KiB or more than 64 header lines is answered 431,
         * and connections beyond 64 open ones are closed as they are accepted. A client that stalls does not hold
         * other probes up; only 64 stalled connections at once keep new probes out, each for at most 2 s.
         */
        public Builder healthEndpoint(String bindAddress, int port) {
            Objects.requireNonNull(bindAddress, "bindAddress");
            if (bindAddress.isBlank()) {
                throw new IllegalArgumentException("healthEndpoint bindAddress: blank (expected: an address such as"
                        + " 127.0.0.1)");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("healthEndpoint port: " + port + " (expected: 0..65535)");
            }
            this.healthBindAddress = bindAddress;
            this.healthPort = port;
            return this;
        }

        /** Returns a new server with this configuration; the builder may be reused. */
        public RpcServer build() {
            return new RpcServer(this);
        }

        static int positive(int value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
            }
            return value;
        }

        static Duration positive(Duration value, String name) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
            }
            return value;
        }
    }
}
