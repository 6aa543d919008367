package io.ferryrpc.core.internal.invoke;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.internal.descriptor.CallKind;
import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.protocol.Bodies;
import io.ferryrpc.core.internal.protocol.Frame;
import io.ferryrpc.core.internal.protocol.FrameHeader;
import io.ferryrpc.core.internal.protocol.MessageType;
import io.ferryrpc.core.internal.transport.ClientConnection;
import io.ferryrpc.core.internal.transport.PendingCall;
import io.netty.buffer.ByteBuf;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Sends one call of a proxy method and hands its result back: waiting on the caller's thread, through a
 * {@code CompletableFuture} completed on the consumer executor, or not at all for a one-way call.
 */
public final class ConsumerInvoker {

    private static final Object[] NO_ARGUMENTS = new Object[0];

    private final Directory directory;
    private final Executor callbackExecutor;
    private final byte serializerId;
    private final long defaultTimeoutMillis;
    private final int maxBodyLength;

    /** Creates an invoker over the providers of {@code directory}. */
    public ConsumerInvoker(Directory directory, Executor callbackExecutor, byte serializerId,
            long defaultTimeoutMillis, int maxBodyLength) {
        this.directory = directory;
        this.callbackExecutor = callbackExecutor;
        this.serializerId = serializerId;
        this.defaultTimeoutMillis = defaultTimeoutMillis;
        this.maxBodyLength = maxBodyLength;
    }

    /** Calls {@code method} with {@code arguments} and returns what the proxy method returns. */
    public Object invoke(MethodDescriptor method, Object[] arguments) throws Throwable {
        if (method.kind() == CallKind.ASYNC) {
            try {
                return send(method, arguments);
            } catch (RuntimeException e) {
                // An asynchronous caller looks for failures in the future, not in a thrown exception.
                return CompletableFuture.failedFuture(e);
            }
        }
        return send(method, arguments);
    }

    private Object send(MethodDescriptor method, Object[] arguments) throws Throwable {
        Object[] args = arguments == null ? NO_ARGUMENTS : arguments;
        long timeout = method.timeoutMillis() > 0 ? method.timeoutMillis() : defaultTimeoutMillis;
        ClientConnection connection = directory.select(method);
        switch (method.kind()) {
            case ONEWAY -> {
                connection.send(encode(connection, MessageType.ONEWAY, connection.nextRequestId(), method, args,
                        timeout), null, 0);
                return null;
            }
            case SYNC -> {
                PendingCall call = connection.newCall(method, timeout);
                connection.send(encode(connection, MessageType.REQUEST, call.requestId(), method, args, timeout),
                        call, timeout);
                return await(call);
            }
            case ASYNC -> {
                PendingCall call = connection.newCall(method, timeout);
                ByteBuf frame = encode(connection, MessageType.REQUEST, call.requestId(), method, args, timeout);
                CompletableFuture<Object> result = new CompletableFuture<>();
                call.response().whenComplete((response, error) -> completeAsync(call, response, error, result));
                result.whenComplete((value, error) -> {
                    if (result.isCancelled()) {
                        call.abandon();
                    }
                });
                connection.send(frame, call, timeout);
                return result;
            }
            default -> throw new IllegalStateException("unknown call kind " + method.kind());
        }
    }

    private ByteBuf encode(ClientConnection connection, MessageType type, long requestId, MethodDescriptor method,
            Object[] args, long timeout) {
        ByteBuf out = connection.alloc().ioBuffer();
        try {
            int start = FrameHeader.start(out, type, serializerId, (byte) 0, requestId);
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

    private static Object await(PendingCall call) throws Throwable {
        Frame frame;
        try {
            frame = call.response().get();
        } catch (InterruptedException e) {
            call.abandon();
            call.response().thenAccept(Frame::release);
            Thread.currentThread().interrupt();
            throw new RpcException(RpcException.Code.CANCELLED,
                    "interrupted while waiting for " + call.method().signature(), e);
        } catch (ExecutionException e) {
            throw relocated(e.getCause());
        }
        return Replies.read(frame, call.method(), call.connection().address());
    }

    private void completeAsync(PendingCall call, Frame response, Throwable error, CompletableFuture<Object> result) {
        try {
            callbackExecutor.execute(() -> {
                if (error != null) {
                    result.completeExceptionally(error);
                    return;
                }
                try {
                    result.complete(Replies.read(response, call.method(), call.connection().address()));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            if (response != null) {
                response.release();
            }
            result.completeExceptionally(new RpcException(RpcException.Code.INTERNAL,
                    "consumer executor refused to complete " + call.method().signature() + " (closed or full)", e));
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
