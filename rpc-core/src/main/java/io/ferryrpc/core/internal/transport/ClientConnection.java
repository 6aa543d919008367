package io.ferryrpc.core.internal.transport;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.protocol.Frame;
import io.ferryrpc.core.internal.protocol.FrameHeader;
import io.ferryrpc.core.internal.protocol.MessageType;
import io.ferryrpc.core.internal.tls.TlsContext;
import io.ferryrpc.core.internal.tls.TlsFailures;
import io.ferryrpc.core.spi.Endpoint;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one multiplexed connection to a provider address, shared by every proxy of a client: requests are matched to
 * responses by request id, so any number can be in flight.
 *
 * <p>It connects when first needed and again after a loss, but not more often than an exponential backoff allows
 * (100 ms doubling to 10 s, with jitter); calls made while it waits fail at once with {@code CONNECTION_FAILED}
 * instead of queueing behind a dead address.
 */
public final class ClientConnection implements Endpoint {

    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);
    private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String address;
    private final InetSocketAddress socketAddress;
    private final ClientTransport transport;
    private final Map<Long, PendingCall> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextRequestId = new AtomicLong();

    private final Object lock = new Object();
    /** Written under {@link #lock}; read without it on the hot path of every call. */
    private volatile Channel channel;
    private ChannelFuture connecting;
    private volatile long retryAtNanos;
    private int failures;
    private String lastError = "";
    private volatile boolean closed;
    private volatile Channel goingAway;
    /** The channel whose provider announced OFFLINE and not yet ONLINE; a new channel starts online. */
    private volatile Channel offline;
    private volatile boolean retired;
    private volatile long latencyEwma;
    private final OutlierState outlier = new OutlierState();
    /** Users counted by {@link ClientTransport}, changed only inside its map's compute functions. */
    int users;

    ClientConnection(String address, ClientTransport transport) {
        this.address = address;
        this.socketAddress = parse(address);
        this.transport = transport;
    }

    /** Returns the provider's address as {@code host:port}. */
    @Override
    public String address() {
        return address;
    }

    /** Returns whether a channel is open now. */
    public boolean isActive() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    /**
     * Returns whether a call sent now has a chance and is welcome: the provider has not announced that it is going
     * away or out of rotation, and the connection is not waiting out a reconnect backoff.
     */
    public boolean isAvailable() {
        // Lock-free: every call asks, from many threads; a verdict a moment stale is harmless.
        return !retired && goingAway == null && offline == null
                && (channel != null || System.nanoTime() >= retryAtNanos)
                && outlier.admits();
    }

    /** Returns the provider's outlier state, fed with the outcome of every attempt sent to it. */
    public OutlierState outlier() {
        return outlier;
    }

    int pendingCount() {
        return pending.size();
    }

    /** Returns the default weight: a direct address has no registered one. */
    @Override
    public int weight() {
        return 100;
    }

    @Override
    public int active() {
        return pending.size();
    }

    @Override
    public long latencyEwmaNanos() {
        return latencyEwma;
    }

    /** Folds one response time into the average; racing updates may lose one sample, which an average tolerates. */
    void recordLatency(long nanos) {
        long previous = latencyEwma;
        latencyEwma = previous == 0 ? nanos : previous + (nanos - previous) / 8;
    }

    /** Returns a new pending call with a fresh request id, whose end {@code outcome} hears; not yet sent. */
    public PendingCall newCall(MethodDescriptor method, long timeoutMillis, PendingCall.Outcome outcome) {
        return new PendingCall(nextRequestId.incrementAndGet(), method, this, timeoutMillis, outcome);
    }

    /** Returns a fresh request id for a one-way call. */
    public long nextRequestId() {
        return nextRequestId.incrementAndGet();
    }


    /**
     * Sends an encoded request frame. With a {@code call}, it is registered first and armed with its deadline, and
     * every failure completes it; a one-way frame ({@code call == null}) is fire and forget.
     */
    public void send(ByteBuf frame, PendingCall call, long timeoutMillis) {
        if (transport.isClosed()) {
            frame.release();
            if (call != null) {
                call.fail(new RpcException(RpcException.Code.CONNECTION_FAILED, "client is closed"));
            }
            return;
        }
        if (call != null) {
            pending.put(call.requestId(), call);
            try {
                call.armTimeout(transport.timer().newTimeout(call, timeoutMillis, TimeUnit.MILLISECONDS));
            } catch (IllegalStateException timerStopped) {
                // The client closed between the check above and now.
                frame.release();
                failCall(call, "client is closed", null);
                return;
            }
        }
        Channel ch = channel;
        if (ch != null && !closed && !retired && goingAway != ch) {
            // The common case, without the lock: a call racing a close fails on the closed channel instead.
            write(ch, frame, call);
            return;
        }
        ChannelFuture connect = null;
        String refusal = null;
        synchronized (lock) {
            ch = channel;
            if (closed) {
                refusal = "client is closed";
            } else if (retired) {
                refusal = "provider " + address + " left the registry";
            } else if (goingAway != null && goingAway == ch) {
                refusal = "provider " + address + " is shutting down";
            } else if (ch == null) {
                if (connecting == null) {
                    long wait = retryAtNanos - System.nanoTime();
                    if (wait > 0) {
                        refusal = "cannot connect to " + address + " (" + lastError + "); next attempt in "
                                + TimeUnit.NANOSECONDS.toMillis(wait) + " ms";
                    } else {
                        connecting = connect();
                    }
                }
                connect = connecting;
            }
        }
        if (refusal != null) {
            frame.release();
            failCall(call, refusal, null);
        } else if (ch != null) {
            write(ch, frame, call);
        } else {
            connect.addListener((ChannelFuture f) -> {
                if (f.isSuccess()) {
                    write(f.channel(), frame, call);
                } else {
                    frame.release();
                    failCall(call, connectError(f.cause()), f.cause());
                }
            });
        }
    }

    private void write(Channel ch, ByteBuf frame, PendingCall call) {
        if (call == null) {
            OutboundQueue.of(ch).send(frame);
            return;
        }
        if (pending.get(call.requestId()) != call) {
            // The caller gave up (deadline, cancel) while the connection was being made: send nothing.
            frame.release();
            return;
        }
        call.channel = ch;
        OutboundQueue.of(ch).send(frame, call);
    }

    /** Hears whether a call's request reached the socket; see {@link PendingCall#operationComplete}. */
    void onWritten(PendingCall call, ChannelFuture f) {
        if (f.isSuccess()) {
            call.markSent();
        } else {
            failCall(call, "cannot send to " + address + ": " + f.cause(), f.cause());
        }
    }

    private void failCall(PendingCall call, String message, Throwable cause) {
        if (call != null && removePending(call)) {
            call.fail(new RpcException(RpcException.Code.CONNECTION_FAILED, message, cause));
        }
    }

    private String connectError(Throwable cause) {
        return cause instanceof HandshakeFailure ? cause.getMessage() : "cannot connect to " + address + ": " + cause;
    }

    private ChannelFuture connect() {
        TlsContext tls = transport.tls();
        ChannelFuture connected = transport.bootstrap().clone()
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        long heartbeat = transport.heartbeatInterval().toMillis();
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newClientHandler(ch, socketAddress.getHostString(),
                                    socketAddress.getPort()));
                        }
                        ch.pipeline().addLast(
                                // Reader idle only: it pings whenever the provider has been silent, which covers a
                                // connection that only sends as well; watching writes too would add a promise and
                                // a listener to every request.
                                new IdleStateHandler(heartbeat, 0, 0, TimeUnit.MILLISECONDS),
                                transport.newFrameDecoder(),
                                new ClientHandler(ClientConnection.this));
                    }
                })
                .connect(socketAddress);
        ChannelFuture ready = tls == null ? connected : handshaken(connected);
        ready.addListener((ChannelFuture f) -> onConnect(f));
        return ready;
    }

    /**
     * Returns a future that succeeds once the TLS handshake has, so that no request is written before it: the calls
     * waiting for the connection wait for the handshake too, and fail with its reason if it fails.
     */
    private ChannelFuture handshaken(ChannelFuture connected) {
        if (connected.isDone() && !connected.isSuccess()) {
            return connected;
        }
        Channel ch = connected.channel();
        ChannelPromise ready = ch.newPromise();
        connected.addListener((ChannelFuture f) -> {
            SslHandler ssl = ch.pipeline().get(SslHandler.class);
            if (!f.isSuccess()) {
                ready.tryFailure(f.cause());
            } else if (ssl == null) {
                ready.tryFailure(new ClosedChannelException());
            } else {
                ssl.handshakeFuture().addListener(h -> {
                    if (h.isSuccess()) {
                        log.debug("TLS handshake with {} done: {} {}", address, ssl.engine().getSession().getProtocol(),
                                ssl.engine().getSession().getCipherSuite());
                        ready.trySuccess();
                    } else {
                        ready.tryFailure(new HandshakeFailure("TLS handshake with " + address + " failed: "
                                + TlsFailures.describe(h.cause(), "provider"), h.cause()));
                        ch.close();
                    }
                });
            }
        });
        return ready;
    }

    private void onConnect(ChannelFuture f) {
        boolean closeNow = false;
        synchronized (lock) {
            connecting = null;
            if (f.isSuccess()) {
                failures = 0;
                lastError = "";
                channel = f.channel();
                closeNow = closed;
                f.channel().closeFuture().addListener(cf -> onClosed(f.channel()));
            } else {
                backOff(f.cause() instanceof HandshakeFailure ? f.cause().getMessage() : String.valueOf(f.cause()));
                log.warn("cannot connect to {} (attempt {}): {}", address, failures, lastError);
            }
        }
        if (f.isSuccess()) {
            log.debug("connected to {} over {}", address, f.channel());
            if (closeNow) {
                f.channel().close();
            }
        }
    }

    /** Called under {@link #lock}: the next connection attempt waits out a backoff that grows with each failure. */
    private void backOff(String error) {
        failures++;
        lastError = error;
        long backoff = Math.min(MAX_BACKOFF_NANOS, MIN_BACKOFF_NANOS << Math.min(failures - 1, 10));
        retryAtNanos = System.nanoTime() + backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2);
    }

    private void onClosed(Channel ch) {
        synchronized (lock) {
            if (channel == ch) {
                channel = null;
            }
            if (goingAway == ch) {
                goingAway = null;
            }
            if (offline == ch) {
                offline = null;
            }
        }
    }

    /**
     * Fails the calls sent on {@code ch}, which has closed, with why: {@code reason} when this side closed it, else
     * a hint when the provider closed it without ever answering (a TLS provider does that to a plaintext consumer).
     * Such a connection counts as a failed attempt, so reconnecting backs off instead of repeating it per call.
     */
    void onInactive(Channel ch, boolean heard, String reason) {
        String why = reason;
        if (why == null && !heard) {
            why = "the provider closed the connection before sending anything" + (transport.tls() == null
                    ? " (does the provider require TLS? then build the client with RpcClient.Builder.tls)" : "");
        }
        // A failed handshake was counted by onConnect already; count only connections that were established.
        SslHandler ssl = ch.pipeline().get(SslHandler.class);
        boolean established = ssl == null || ssl.handshakeFuture().isSuccess();
        if (!heard && established && !closed && !retired) {
            synchronized (lock) {
                backOff(why);
            }
            if (reason == null) {
                log.warn("{}: {}", address, why);
            }
        }
        for (PendingCall call : pending.values()) {
            if (call.channel == ch && removePending(call)) {
                call.fail(new RpcException(RpcException.Code.CONNECTION_FAILED, "connection to " + address
                        + " closed before " + call.method().signature() + " was answered"
                        + (why == null ? "" : ": " + why)));
            }
        }
    }

    void onResponse(Frame frame) {
        PendingCall call = pending.get(frame.requestId());
        if (call == null || !removePending(call)) {
            transport.countLateResponse();
            frame.release();
            return;
        }
        recordLatency(System.nanoTime() - call.startNanos());
        call.complete(frame);
    }

    void onGoAway(Channel ch) {
        log.info("provider {} is going away; no new calls go to it", address);
        goingAway = ch;
    }

    /**
     * The provider left rotation: {@link #isAvailable()} turns false, so calls go elsewhere while another provider
     * is available, but sending here still works (the provider keeps answering). Runs on {@code ch}'s event loop,
     * as do {@link #onOnline} and the close that clears it, so the field has one writer at a time.
     */
    void onOffline(Channel ch) {
        if (offline != ch) {
            offline = ch;
            log.info("provider {} is offline; new calls go to other providers while one is available", address);
        }
    }

    /** The provider is back in rotation after {@link #onOffline}. */
    void onOnline(Channel ch) {
        if (offline == ch) {
            offline = null;
            log.info("provider {} is online again", address);
        }
    }

    boolean removePending(PendingCall call) {
        boolean removed = pending.remove(call.requestId(), call);
        if (removed && retired && pending.isEmpty()) {
            closeChannel();
        }
        return removed;
    }

    /** Takes no new calls from now on and closes the channel once the calls in flight have finished. */
    void retire() {
        retired = true;
        if (pending.isEmpty()) {
            closeChannel();
        }
    }

    private void closeChannel() {
        Channel ch;
        synchronized (lock) {
            ch = channel;
        }
        if (ch != null) {
            log.debug("closing retired connection to {}", address);
            ch.close();
        }
        transport.retired(this);
    }

    void sendCancel(PendingCall call) {
        Channel ch = call.channel;
        if (ch != null && ch.isActive()) {
            ByteBuf cancel = ch.alloc().ioBuffer(FrameHeader.LENGTH);
            FrameHeader.writeEmpty(cancel, MessageType.CANCEL, (byte) 0, call.requestId());
            ch.writeAndFlush(cancel, ch.voidPromise());
        }
    }

    void close() {
        Channel ch;
        synchronized (lock) {
            closed = true;
            ch = channel;
        }
        for (PendingCall call : pending.values()) {
            if (removePending(call)) {
                call.fail(new RpcException(RpcException.Code.CONNECTION_FAILED, "client closed before "
                        + call.method().signature() + " was answered"));
            }
        }
        if (ch != null) {
            ch.close().awaitUninterruptibly(2000);
        }
    }

    /** A TLS handshake that failed after the TCP connection succeeded; its message is the whole explanation. */
    private static final class HandshakeFailure extends IOException {
        private static final long serialVersionUID = 1L;

        HandshakeFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static InetSocketAddress parse(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("address: " + address + " (expected: host:port)");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address: " + address + " (expected: host:port)", e);
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("address: " + address + " (expected a port in 1..65535)");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }
}
