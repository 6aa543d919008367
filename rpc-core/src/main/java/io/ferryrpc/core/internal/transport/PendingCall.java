package io.ferryrpc.core.internal.transport;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.protocol.Frame;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A request sent and not yet answered. It leaves its connection's pending map exactly once: by its response, its
 * deadline, its caller giving up, or its connection closing, whichever comes first; and its {@link Outcome} hears
 * of it exactly once.
 *
 * <p>The outcome is Ferry's own code, never a user continuation, so delivering it on an IO or timer thread runs no
 * user code there; it is called directly, without a future in between, to keep the completion path short.
 */
public final class PendingCall implements TimerTask, ChannelFutureListener {

    private final long requestId;
    private final MethodDescriptor method;
    private final ClientConnection connection;
    private final long timeoutMillis;
    private static final AtomicIntegerFieldUpdater<PendingCall> DELIVERED =
            AtomicIntegerFieldUpdater.newUpdater(PendingCall.class, "delivered");

    /** Hears how a call ended: with a response frame, which it then owns, or with an error. */
    public interface Outcome {

        /** Called once per call, with exactly one of {@code response} and {@code error} non-null. */
        void onOutcome(PendingCall call, Frame response, Throwable error);
    }

    private final Outcome outcome;
    private volatile int delivered;
    private final long startNanos = System.nanoTime();
    private volatile Timeout timeout;
    private volatile boolean sent;
    private volatile boolean probe;
    volatile Channel channel;

    PendingCall(long requestId, MethodDescriptor method, ClientConnection connection, long timeoutMillis,
            Outcome outcome) {
        this.requestId = requestId;
        this.outcome = outcome;
        this.method = method;
        this.connection = connection;
        this.timeoutMillis = timeoutMillis;
    }

    /** Returns the request id. */
    public long requestId() {
        return requestId;
    }

    /** Returns the method called. */
    public MethodDescriptor method() {
        return method;
    }

    /** Returns the connection the call went out on. */
    public ClientConnection connection() {
        return connection;
    }

    /** Returns when the call was created, as a {@link System#nanoTime()} value. */
    public long startNanos() {
        return startNanos;
    }

    /** Returns whether the request was written to a connection: if not, the provider certainly never saw it. */
    public boolean wasSent() {
        return sent;
    }

    /** Returns whether this call is the outlier probe of its provider. */
    public boolean isProbe() {
        return probe;
    }

    /** Marks this call as the outlier probe of its provider. */
    public void markProbe() {
        probe = true;
    }

    void markSent() {
        sent = true;
    }

    void armTimeout(Timeout timeout) {
        this.timeout = timeout;
    }

    /** Learns, on the event loop, whether the request was written; a listener of its own saves a lambda per call. */
    @Override
    public void operationComplete(ChannelFuture future) {
        connection.onWritten(this, future);
    }

    /** Fires on the timer thread when the deadline passes. */
    @Override
    public void run(Timeout ignored) {
        if (connection.removePending(this)) {
            // A hanging provider must look slow to latency-aware balancers, not keep its old average.
            connection.recordLatency(System.nanoTime() - startNanos);
            deliver(null, new RpcException(RpcException.Code.TIMEOUT,
                    "no answer from " + connection.address() + " within " + timeoutMillis + " ms for "
                            + method.signature()));
            connection.sendCancel(this);
        }
    }

    /** The caller gave up (cancelled or interrupted): forget the call and tell the provider. */
    public void abandon() {
        if (connection.removePending(this)) {
            cancelTimeout();
            deliver(null, new RpcException(RpcException.Code.CANCELLED,
                    "call to " + method.signature() + " was cancelled by its caller"));
            connection.sendCancel(this);
        }
    }

    void complete(Frame frame) {
        cancelTimeout();
        deliver(frame, null);
    }

    void fail(RpcException error) {
        cancelTimeout();
        deliver(null, error);
    }

    private void deliver(Frame frame, Throwable error) {
        if (DELIVERED.compareAndSet(this, 0, 1)) {
            outcome.onOutcome(this, frame, error);
        } else if (frame != null) {
            frame.release();
        }
    }

    private void cancelTimeout() {
        Timeout t = timeout;
        if (t != null) {
            t.cancel();
        }
    }
}
