package io.ferryrpc.core.internal.invoke;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.internal.descriptor.CallKind;
import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.protocol.Bodies;
import io.ferryrpc.core.internal.protocol.Frame;
import io.ferryrpc.core.internal.protocol.FrameHeader;
import io.ferryrpc.core.internal.protocol.MessageType;
import io.ferryrpc.core.internal.protocol.Status;
import io.ferryrpc.core.internal.transport.ClientConnection;
import io.ferryrpc.core.internal.transport.PendingCall;
import io.ferryrpc.core.spi.LoadBalancer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Sends one call of a proxy method and hands its result back: waiting on the caller's thread, through a
 * {@code CompletableFuture} completed on the consumer executor, or not at all for a one-way call.
 *
 * <p>A call that certainly did not run — it was never written to a connection, or the provider refused it with a
 * code that proves so ({@code SERVER_BUSY}) — is sent again to another provider, up to the method's retries and
 * never past the caller's deadline. A call that may have run is never repeated here.
 */
public final class ConsumerInvoker {

    private static final Object[] NO_ARGUMENTS = new Object[0];
    private static final int REQUEST_ID_OFFSET = 6;
    private static final int TIMEOUT_OFFSET = FrameHeader.LENGTH + 4;
    private static final byte SERVER_BUSY = Status.of(RpcException.Code.SERVER_BUSY);

    private final Directory directory;
    private final LoadBalancer defaultBalancer;
    private final Map<MethodDescriptor, LoadBalancer> balancers = new ConcurrentHashMap<>();
    private final String service;
    private final Executor callbackExecutor;
    private final byte serializerId;
    private final long defaultTimeoutMillis;
    private final int defaultRetries;
    private final int maxBodyLength;

    /** Creates an invoker over the providers of {@code directory}. */
    public ConsumerInvoker(String service, Directory directory, LoadBalancer defaultBalancer,
            Executor callbackExecutor, byte serializerId, long defaultTimeoutMillis, int defaultRetries,
            int maxBodyLength) {
        this.service = service;
        this.directory = directory;
        this.defaultBalancer = defaultBalancer;
        this.callbackExecutor = callbackExecutor;
        this.serializerId = serializerId;
        this.defaultTimeoutMillis = defaultTimeoutMillis;
        this.defaultRetries = defaultRetries;
        this.maxBodyLength = maxBodyLength;
    }

    /** Calls {@code method} with {@code arguments} and returns what the proxy method returns. */
    public Object invoke(MethodDescriptor method, Object[] arguments) throws Throwable {
        Object[] args = arguments == null ? NO_ARGUMENTS : arguments;
        long timeout = method.timeoutMillis() > 0 ? method.timeoutMillis() : defaultTimeoutMillis;
        switch (method.kind()) {
            case ONEWAY -> {
                ClientConnection connection = choose(method, args, List.of());
                ByteBuf frame = encode(MessageType.ONEWAY, method, args, timeout);
                frame.setLong(REQUEST_ID_OFFSET, connection.nextRequestId());
                connection.send(frame, null, 0);
                return null;
            }
            case SYNC -> {
                Call call = start(method, args, timeout);
                return await(call);
            }
            case ASYNC -> {
                Call call;
                try {
                    call = start(method, args, timeout);
                } catch (RuntimeException e) {
                    // An asynchronous caller looks for failures in the future, not in a thrown exception.
                    return CompletableFuture.failedFuture(e);
                }
                CompletableFuture<Object> result = new CompletableFuture<>();
                call.frame.whenComplete((response, error) -> completeAsync(call, response, error, result));
                result.whenComplete((value, error) -> {
                    if (result.isCancelled()) {
                        call.cancel();
                    }
                });
                return result;
            }
            default -> throw new IllegalStateException("unknown call kind " + method.kind());
        }
    }

    /** One logical call across its attempts; {@link #frame} completes with the final response frame. */
    private final class Call {
        final MethodDescriptor method;
        final Object[] arguments;
        final ByteBuf template;
        final long deadlineNanos;
        final List<ClientConnection> tried = new ArrayList<>(2);
        final CompletableFuture<Frame> frame = new CompletableFuture<>();
        volatile PendingCall current;
        volatile boolean cancelled;
        int retriesLeft;

        Call(MethodDescriptor method, Object[] arguments, ByteBuf template, long timeoutMillis) {
            this.method = method;
            this.arguments = arguments;
            this.template = template;
            this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            this.retriesLeft = method.retries() >= 0 ? method.retries() : defaultRetries;
        }

        void attempt(ClientConnection connection) {
            long remainingMillis = Math.max(1, (deadlineNanos - System.nanoTime() + 999_999) / 1_000_000);
            PendingCall pending = connection.newCall(method, remainingMillis);
            ByteBuf out = tried.isEmpty() ? template.retainedDuplicate() : template.copy();
            out.setLong(REQUEST_ID_OFFSET, pending.requestId());
            out.setInt(TIMEOUT_OFFSET, (int) Math.min(Integer.MAX_VALUE, remainingMillis));
            tried.add(connection);
            current = pending;
            pending.response().whenComplete((response, error) -> onAttempt(pending, response, error));
            connection.send(out, pending, remainingMillis);
        }

        private void onAttempt(PendingCall pending, Frame response, Throwable error) {
            boolean unprocessed = response != null ? response.status() == SERVER_BUSY
                    : error instanceof RpcException e && (e.code().neverProcessed()
                            || e.code() == RpcException.Code.CONNECTION_FAILED && !pending.wasSent());
            if (unprocessed && retriesLeft > 0 && !cancelled && System.nanoTime() < deadlineNanos) {
                ClientConnection next = untried();
                if (next != null) {
                    retriesLeft--;
                    if (response != null) {
                        response.release();
                    }
                    attempt(next);
                    return;
                }
            }
            finish(response, error);
        }

        /** Returns an available provider not tried yet, or {@code null}: retrying the same one is pointless. */
        private ClientConnection untried() {
            try {
                return choose(method, arguments, tried);
            } catch (RuntimeException e) {
                return null;
            }
        }

        private void finish(Frame response, Throwable error) {
            template.release();
            if (error != null) {
                frame.completeExceptionally(error);
            } else if (!frame.complete(response)) {
                response.release();
            }
        }

        void cancel() {
            cancelled = true;
            PendingCall pending = current;
            if (pending != null) {
                pending.abandon();
            }
        }

        String provider() {
            PendingCall pending = current;
            return pending == null ? "?" : pending.connection().address();
        }
    }

    /** Returns the connection for an attempt, or {@code null} for a retry with no untried provider left. */
    private ClientConnection choose(MethodDescriptor method, Object[] args, List<ClientConnection> tried) {
        LoadBalancer balancer = method.loadBalancer().isEmpty() ? defaultBalancer
                : balancers.computeIfAbsent(method, m -> LoadBalancer.named(m.loadBalancer()));
        return Selection.choose(directory.candidates(method), tried, balancer, service, method.signature(),
                args);
    }

    private Call start(MethodDescriptor method, Object[] args, long timeout) {
        ClientConnection first = choose(method, args, List.of());
        Call call = new Call(method, args, encode(MessageType.REQUEST, method, args, timeout), timeout);
        call.attempt(first);
        return call;
    }

    private ByteBuf encode(MessageType type, MethodDescriptor method, Object[] args, long timeout) {
        ByteBuf out = ByteBufAllocator.DEFAULT.ioBuffer();
        try {
            int start = FrameHeader.start(out, type, serializerId, (byte) 0, 0);
            Bodies.writeRequestPrefix(out, method.callId(), (int) Math.min(Integer.MAX_VALUE, timeout), Map.of());
            method.argumentCodec().encode(args, out);
            FrameHeader.finish(out, start);
            int bodyLength = out.readableBytes() - FrameHeader.LENGTH;
            if (bodyLength > maxBodyLength) {
                throw new RpcException(RpcException.Code.SERIALIZATION, "request to " + method.signature() + " is "
                        + bodyLength + " bytes, over the limit of " + maxBodyLength + "; it was not sent");
            }
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private static Object await(Call call) throws Throwable {
        Frame frame;
        try {
            frame = call.frame.get();
        } catch (InterruptedException e) {
            call.cancel();
            call.frame.thenAccept(Frame::release);
            Thread.currentThread().interrupt();
            throw new RpcException(RpcException.Code.CANCELLED,
                    "interrupted while waiting for " + call.method.signature(), e);
        } catch (ExecutionException e) {
            throw relocated(e.getCause());
        }
        return Replies.read(frame, call.method, call.provider());
    }

    private void completeAsync(Call call, Frame response, Throwable error, CompletableFuture<Object> result) {
        try {
            callbackExecutor.execute(() -> {
                if (error != null) {
                    result.completeExceptionally(error);
                    return;
                }
                try {
                    result.complete(Replies.read(response, call.method, call.provider()));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            if (response != null) {
                response.release();
            }
            result.completeExceptionally(new RpcException(RpcException.Code.INTERNAL,
                    "consumer executor refused to complete " + call.method.signature() + " (closed or full)", e));
        }
    }

    /** Re-creates a failure raised on a timer or IO thread so that its stack trace shows the caller. */
    private static Throwable relocated(Throwable failure) {
        if (failure instanceof RpcException r) {
            return new RpcException(r.code(), r.getMessage(), r.getCause());
        }
        return failure;
    }
}
