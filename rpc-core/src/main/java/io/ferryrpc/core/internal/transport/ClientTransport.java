package io.ferryrpc.core.internal.transport;

import io.ferryrpc.core.internal.protocol.FrameDecoder;
import io.ferryrpc.core.internal.tls.TlsContext;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The consumer side's shared machinery: one event loop group, one timer for all deadlines, and one multiplexed
 * connection per provider address.
 */
public final class ClientTransport implements AutoCloseable {

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Timer timer;
    private final int maxBodyLength;
    private final Duration heartbeatInterval;
    private final TlsContext tls;
    private final ConcurrentMap<String, ClientConnection> connections = new ConcurrentHashMap<>();
    private final Set<ClientConnection> retiring = ConcurrentHashMap.newKeySet();
    private final LongAdder lateResponses = new LongAdder();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Creates the transport; nothing connects until a call needs a connection. With {@code tls} (or {@code null}
     * for plaintext) every connection is TLS.
     */
    public ClientTransport(int ioThreads, Duration connectTimeout, Duration heartbeatInterval, int maxBodyLength,
            TlsContext tls) {
        this.tls = tls;
        this.group = EventLoops.newGroup(ioThreads, "ferry-client-io");
        this.maxBodyLength = maxBodyLength;
        this.heartbeatInterval = heartbeatInterval;
        this.timer = new HashedWheelTimer(new DefaultThreadFactory("ferry-client-timer", true), 10,
                TimeUnit.MILLISECONDS, 512);
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(EventLoops.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        connectTimeout.toMillis()));
    }

    /**
     * Returns the connection to {@code address} ({@code host:port}), creating it (unconnected) if needed, and
     * counts one more user of it; every {@code acquire} is matched by a {@link #release}.
     */
    public ClientConnection acquire(String address) {
        if (closed.get()) {
            throw new IllegalStateException("client is closed");
        }
        return connections.compute(address, (a, existing) -> {
            ClientConnection c = existing != null ? existing : new ClientConnection(a, this);
            c.users++;
            return c;
        });
    }

    /**
     * Counts one user less of {@code connection}; the last one retires it: no new calls, and its channel closes
     * once the calls in flight on it have finished.
     */
    public void release(ClientConnection connection) {
        connections.computeIfPresent(connection.address(), (a, c) -> {
            if (c != connection || --c.users > 0) {
                return c;
            }
            retiring.add(c);
            c.retire();
            return null;
        });
    }

    Bootstrap bootstrap() {
        return bootstrap;
    }

    Timer timer() {
        return timer;
    }


    FrameDecoder newFrameDecoder() {
        return new FrameDecoder(maxBodyLength);
    }

    /** Returns the TLS setup of every connection, or {@code null} for plaintext. */
    TlsContext tls() {
        return tls;
    }

    Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    void retired(ClientConnection connection) {
        retiring.remove(connection);
    }

    void countLateResponse() {
        lateResponses.increment();
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Returns how many responses arrived after their call had timed out or been cancelled, and were dropped. */
    public long lateResponses() {
        return lateResponses.sum();
    }

    /** Returns the number of calls waiting for an answer on all connections. */
    public int pendingCalls() {
        int n = 0;
        for (ClientConnection c : connections.values()) {
            n += c.pendingCount();
        }
        return n;
    }

    /** Returns the number of connections that are open now. */
    public int openConnections() {
        int n = 0;
        for (ClientConnection c : connections.values()) {
            n += c.isActive() ? 1 : 0;
        }
        return n;
    }

    /** Fails every pending call, closes every connection and stops all threads, waiting up to {@code timeout}. */
    public void close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (ClientConnection c : connections.values()) {
            c.close();
        }
        for (ClientConnection c : retiring) {
            c.close();
        }
        connections.clear();
        retiring.clear();
        timer.stop();
        group.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(timeout.toMillis() + 1000);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
