package io.ferryrpc.core.internal.invoke;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.internal.descriptor.CallIdTable;
import io.ferryrpc.core.internal.descriptor.CallIds;
import io.ferryrpc.core.internal.descriptor.ProviderMethod;
import io.ferryrpc.core.internal.filter.FilterChain;
import io.ferryrpc.core.internal.protocol.Frame;
import io.ferryrpc.core.internal.protocol.FrameHeader;
import io.ferryrpc.core.internal.protocol.MessageType;
import io.ferryrpc.core.internal.protocol.Responses;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes requests from the IO threads to the bounded provider executor, or runs them right there when the server
 * was told its services never block.
 *
 * <p>Everything that can be decided without decoding the body is decided on the IO thread, before any argument is
 * read: the serializer, the call ID, whether the executor has room. Arguments are decoded on the thread that runs
 * the call.
 */
public final class ProviderDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ProviderDispatcher.class);
    private static final AttributeKey<Map<Long, ServerCall>> CALLS = AttributeKey.valueOf("ferry.calls");
    private static final AttributeKey<AtomicInteger> CONNECTION_IN_FLIGHT =
            AttributeKey.valueOf(ProviderDispatcher.class, "inFlight");

    private final CallIdTable table;
    final FilterChain filters;
    final String application;
    private final byte serializerId;
    private final ThreadPoolExecutor executor;
    private final boolean onIoThreads;
    private final int maxInFlightPerConnection;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;
    private final boolean genericCalls;

    final LongAdder rejected = new LongAdder();
    final LongAdder rejectedPerConnection = new LongAdder();
    final LongAdder expiredBeforeRun = new LongAdder();
    final LongAdder cancelledBeforeRun = new LongAdder();
    final LongAdder unknownCallIds = new LongAdder();

    /**
     * Creates a dispatcher over {@code table} that runs calls, through {@code filters}, on {@code executor}, or on
     * the IO thread that read them if {@code onIoThreads}, refusing calls beyond {@code maxInFlightPerConnection}
     * unanswered ones on a connection.
     */
    public ProviderDispatcher(CallIdTable table, byte serializerId, ThreadPoolExecutor executor, boolean onIoThreads,
            FilterChain filters, String application, boolean genericCalls, int maxInFlightPerConnection) {
        this.genericCalls = genericCalls;
        this.maxInFlightPerConnection = maxInFlightPerConnection;
        this.table = table;
        this.filters = filters;
        this.application = application;
        this.serializerId = serializerId;
        this.executor = executor;
        this.onIoThreads = onIoThreads;
    }

    /** Takes ownership of a request or one-way frame received on {@code channel}. */
    public void dispatch(Channel channel, Frame frame) {
        boolean oneway = frame.type() == MessageType.ONEWAY;
        if (draining) {
            refuse(channel, frame, oneway, RpcException.Code.SERVER_BUSY, "provider is shutting down");
            return;
        }
        if ((frame.status() & FrameHeader.FLAG_GENERIC) != 0 && !genericCalls) {
            refuse(channel, frame, oneway, RpcException.Code.FORBIDDEN,
                    "generic calls are switched off on this provider");
            return;
        }
        AtomicInteger connectionInFlight = connectionInFlight(channel);
        if (connectionInFlight.get() >= maxInFlightPerConnection) {
            // Decided before the body is looked at: a consumer that pipelines without waiting for answers gets
            // refusals at the cost of a header each, and cannot take the executor from the other connections.
            rejectedPerConnection.increment();
            refuse(channel, frame, oneway, RpcException.Code.SERVER_BUSY, "this connection already has "
                    + maxInFlightPerConnection + " calls in flight, the most this provider takes from one connection;"
                    + " wait for answers before sending more");
            return;
        }
        if (frame.serializerId() != serializerId) {
            refuse(channel, frame, oneway, RpcException.Code.SERIALIZATION,
                    "unsupported serializer id " + frame.serializerId() + " (this provider speaks " + serializerId
                            + ")");
            return;
        }
        if (frame.body().readableBytes() < 4) {
            refuse(channel, frame, oneway, RpcException.Code.PROTOCOL, "request body has no call ID");
            return;
        }
        int callId = frame.body().getInt(frame.body().readerIndex());
        ProviderMethod method = table.lookup(callId);
        if (method == null) {
            unknownCallIds.increment();
            refuse(channel, frame, oneway, RpcException.Code.INCOMPATIBLE_INTERFACE,
                    "no method with call ID " + CallIds.format(callId) + " is exported here");
            return;
        }
        ServerCall call = new ServerCall(this, channel, frame, method, System.nanoTime());
        inFlight.incrementAndGet();
        connectionInFlight.incrementAndGet();
        if (onIoThreads) {
            // Not tracked for cancellation: a CANCEL frame is read by this same thread, after the call has run.
            call.run();
            return;
        }
        if (!oneway) {
            calls(channel).put(frame.requestId(), call);
        }
        try {
            executor.execute(call);
        } catch (RejectedExecutionException e) {
            if (!oneway) {
                calls(channel).remove(frame.requestId());
            }
            decrementInFlight();
            connectionInFlight.decrementAndGet();
            rejected.increment();
            refuse(channel, frame, oneway, RpcException.Code.SERVER_BUSY,
                    "provider executor is full (" + executor.getMaximumPoolSize() + " threads, queue of "
                            + (executor.getQueue().size() + executor.getQueue().remainingCapacity()) + ")");
        }
    }

    /** Cancels the request with {@code requestId} on {@code channel}, if it is still there. */
    public void cancel(Channel channel, long requestId) {
        ServerCall call = calls(channel).get(requestId);
        if (call != null) {
            call.cancel();
        }
    }

    /** Interrupts the running calls of a channel that closed: nobody is left to read their answers. */
    public void channelClosed(Channel channel) {
        for (ServerCall call : calls(channel).values()) {
            call.cancel();
        }
    }

    void finished(ServerCall call, Channel channel) {
        if (!onIoThreads) {
            calls(channel).remove(call.requestId(), call);
        }
        connectionInFlight(channel).decrementAndGet();
        decrementInFlight();
    }

    private static AtomicInteger connectionInFlight(Channel channel) {
        AtomicInteger count = channel.attr(CONNECTION_IN_FLIGHT).get();
        if (count == null) {
            AtomicInteger created = new AtomicInteger();
            count = channel.attr(CONNECTION_IN_FLIGHT).setIfAbsent(created);
            if (count == null) {
                count = created;
            }
        }
        return count;
    }

    private void decrementInFlight() {
        if (inFlight.decrementAndGet() == 0 && draining) {
            synchronized (inFlight) {
                inFlight.notifyAll();
            }
        }
    }

    /** Drops calls an executor shut down before they ran, releasing what they hold; they are never answered. */
    public void abortQueued(List<Runnable> queued) {
        for (Runnable task : queued) {
            if (task instanceof ServerCall call) {
                call.cancel();
                call.run();
            }
        }
    }

    /** Waits until no call is in flight or {@code deadlineNanos} (a {@link System#nanoTime()} value) passes. */
    public boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        synchronized (inFlight) {
            long left;
            while (inFlight.get() > 0 && (left = deadlineNanos - System.nanoTime()) > 0) {
                inFlight.wait(Math.max(1, left / 1_000_000));
            }
            return inFlight.get() == 0;
        }
    }

    /** Refuses new calls from now on, with {@code SERVER_BUSY}, as the provider shuts down. */
    public void drain() {
        draining = true;
    }

    /** Returns the number of calls accepted and not yet answered. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Returns how many calls were refused because the executor was full. */
    public long rejected() {
        return rejected.sum();
    }

    /** Returns how many calls were refused because their connection had the most calls in flight it may have. */
    public long rejectedPerConnection() {
        return rejectedPerConnection.sum();
    }

    /** Returns how many calls were dropped because their deadline passed while queued. */
    public long expiredBeforeRun() {
        return expiredBeforeRun.sum();
    }

    /** Returns how many calls were cancelled by their consumer before they started. */
    public long cancelledBeforeRun() {
        return cancelledBeforeRun.sum();
    }

    /** Returns how many requests named a call ID that is not exported. */
    public long unknownCallIds() {
        return unknownCallIds.sum();
    }

    private void refuse(Channel channel, Frame frame, boolean oneway, RpcException.Code code, String message) {
        frame.release();
        if (oneway) {
            log.debug("dropped one-way call on {}: {}", channel, message);
            return;
        }
        channel.writeAndFlush(Responses.failure(channel.alloc(), frame.requestId(), code, message, 0),
                channel.voidPromise());
    }

    private static Map<Long, ServerCall> calls(Channel channel) {
        Map<Long, ServerCall> calls = channel.attr(CALLS).get();
        if (calls == null) {
            Map<Long, ServerCall> created = new ConcurrentHashMap<>();
            calls = channel.attr(CALLS).setIfAbsent(created);
            if (calls == null) {
                calls = created;
            }
        }
        return calls;
    }
}
