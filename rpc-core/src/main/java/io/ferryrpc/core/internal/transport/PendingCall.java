package io.ferryrpc.core.internal.transport;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.protocol.Frame;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import java.util.concurrent.CompletableFuture;

/**
 * A request sent and not yet answered. It leaves its connection's pending map exactly once: by its response, its
 * deadline, its caller giving up, or its connection closing, whichever comes first.
 *
 * <p>{@link #response()} is internal to Ferry and carries no user continuation, so completing it on an IO or timer
 * thread runs no user code there.
 */
public final class PendingCall implements TimerTask, ChannelFutureListener {

    private final long requestId;
    private final MethodDescriptor method;
    private final ClientConnection connection;
    private final long timeoutMillis;
    private final CompletableFuture<Frame> response = new CompletableFuture<>();
    private final long startNanos = System.nanoTime();
    private volatile Timeout timeout;
    private volatile boolean sent;
    private volatile boolean probe;
    volatile Channel channel;

    PendingCall(long requestId, MethodDescriptor method, ClientConnection connection, long timeoutMillis) {
        this.requestId = requestId;
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

    /** Returns the future of the raw response frame; its receiver releases the frame. */
    public CompletableFuture<Frame> response() {
        return response;
    }

    /** Returns when the call was created, as a {@link System#nanoTime()} value. */
    long startNanos() {
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
            response.completeExceptionally(new RpcException(RpcException.Code.TIMEOUT,
                    "no answer from " + connection.address() + " within " + timeoutMillis + " ms for "
                            + method.signature()));
            connection.sendCancel(this);
        }
    }

    /** The caller gave up (cancelled or interrupted): forget the call and tell the provider. */
    public void abandon() {
        if (connection.removePending(this)) {
            cancelTimeout();
            response.completeExceptionally(new RpcException(RpcException.Code.CANCELLED,
                    "call to " + method.signature() + " was cancelled by its caller"));
            connection.sendCancel(this);
        }
    }

    void complete(Frame frame) {
        cancelTimeout();
        if (!response.complete(frame)) {
            frame.release();
        }
    }

    void fail(RpcException error) {
        cancelTimeout();
        response.completeExceptionally(error);
    }

    private void cancelTimeout() {
        Timeout t = timeout;
        if (t != null) {
            t.cancel();
        }
    }
}
