package io.ferryrpc.core.internal.invoke;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.RpcContext;
import io.ferryrpc.core.internal.auth.AuthAttachments;
import io.ferryrpc.core.internal.descriptor.CallKind;
import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.descriptor.ProviderMethod;
import io.ferryrpc.core.internal.filter.CallInvocation;
import io.ferryrpc.core.internal.protocol.Bodies;
import io.ferryrpc.core.internal.serialize.GenericValues;
import io.ferryrpc.core.internal.protocol.Frame;
import io.ferryrpc.core.internal.protocol.FrameHeader;
import io.ferryrpc.core.internal.protocol.MessageType;
import io.ferryrpc.core.internal.protocol.ProtocolException;
import io.ferryrpc.core.internal.protocol.Responses;
import io.ferryrpc.core.internal.protocol.Status;
import io.ferryrpc.core.internal.transport.OutboundQueue;
import io.netty.buffer.ByteBuf;
import io.ferryrpc.core.spi.Filter;
import io.netty.channel.Channel;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request on the provider, from the moment it was accepted on the IO thread until its response is written.
 *
 * <p>Its state machine makes cancellation safe: a call cancelled while queued never runs, and one cancelled while
 * running has its thread interrupted, but only while that thread still runs this call. With filters, the
 * arguments are decoded only when the method (or a filter) asks for them, so a call a filter refuses is answered
 * without decoding them.
 */
final class ServerCall implements Runnable, CallInvocation.EncodedArguments {

    private static final Logger log = LoggerFactory.getLogger(ServerCall.class);
    private static final AttributeKey<String> PEER = AttributeKey.valueOf(ServerCall.class, "peer");

    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;
    private static final int CANCELLED = 3;

    private final ProviderDispatcher dispatcher;
    private final Channel channel;
    private final Frame frame;
    private final ProviderMethod method;
    private final long receivedNanos;
    private final boolean oneway;
    /** A generic call: arguments arrive, and the result leaves, as generic values. */
    private final boolean generic;
    private int state = QUEUED;
    private Map<String, String> attachments = Map.of();
    /** The caller's timeout as the request stated it; 0 for none. */
    private int timeoutMillis;
    private Thread runner;

    ServerCall(ProviderDispatcher dispatcher, Channel channel, Frame frame, ProviderMethod method, long receivedNanos) {
        this.dispatcher = dispatcher;
        this.channel = channel;
        this.frame = frame;
        this.method = method;
        this.receivedNanos = receivedNanos;
        this.oneway = frame.type() == MessageType.ONEWAY;
        this.generic = (frame.status() & FrameHeader.FLAG_GENERIC) != 0;
    }

    long requestId() {
        return frame.requestId();
    }

    @Override
    public void run() {
        synchronized (this) {
            if (state != QUEUED) {
                frame.release();
                dispatcher.cancelledBeforeRun.increment();
                finish();
                return;
            }
            state = RUNNING;
            runner = Thread.currentThread();
        }
        long startNanos = System.nanoTime();
        if (!dispatcher.filters.isEmpty()) {
            startFiltered(startNanos);
            return;
        }
        Object[] arguments;
        try {
            arguments = readPrefix(startNanos) ? decode() : null;
        } catch (RuntimeException e) {
            endRunning();
            reply(failureOf(e, startNanos));
            return;
        } finally {
            frame.release();
        }
        if (arguments == null) {
            endRunning();
            finish();
            return;
        }
        MethodDescriptor descriptor = method.descriptor();
        RpcContext context;
        try {
            context = context(attachments);
        } catch (RpcException e) {
            endRunning();
            reply(failureOf(e, startNanos));
            return;
        }
        Object result;
        try (RpcContext.Scope ignored = context.attach()) {
            result = method.invoke(arguments);
        } catch (Throwable thrown) {
            endRunning();
            reply(applicationError(thrown, startNanos));
            return;
        }
        endRunning();
        if (descriptor.kind() == CallKind.ASYNC) {
            if (result == null) {
                reply(applicationError(new NullPointerException(
                        descriptor.signature() + " returned null instead of a CompletableFuture"), startNanos));
                return;
            }
            ((CompletableFuture<?>) result).whenComplete((value, error) -> {
                if (error != null) {
                    reply(applicationError(unwrap(error), startNanos));
                } else {
                    reply(success(value, startNanos));
                }
            });
        } else {
            reply(success(result, startNanos));
        }
    }

    /**
     * Reads what filters may look at (the attachments) and runs the call through them; the arguments stay encoded
     * in the frame until the method, or a filter, asks for them, so a call a filter refuses is never decoded.
     */
    private void startFiltered(long startNanos) {
        boolean live;
        try {
            live = readPrefix(startNanos);
        } catch (RuntimeException e) {
            frame.release();
            endRunning();
            reply(failureOf(e, startNanos));
            return;
        }
        if (!live) {
            frame.release();
            endRunning();
            finish();
            return;
        }
        runFiltered(startNanos);
    }

    /**
     * Runs the method inside the provider's filters. An exception the method threw is answered as the method's;
     * an {@code RpcException} a filter raised (a rate limiter's {@code SERVER_BUSY}, say), or the decoding of the
     * arguments, keeps its code.
     */
    private void runFiltered(long startNanos) {
        Throwable[] thrownByMethod = new Throwable[1];
        CallInvocation invocation = CallInvocation.lazy(Filter.Side.PROVIDER, method.service(),
                method.descriptor().name(), method.descriptor().signature(), this,
                // Mutable, so that provider filters may add to what the method's context will hold.
                attachments.isEmpty() ? new HashMap<>(4) : attachments, dispatcher.application, peer());
        CompletionStage<Object> stage = dispatcher.filters.run(invocation, inv -> {
            Object[] arguments;
            RpcContext context;
            try {
                arguments = inv.arguments();
                context = context(inv.attachments());
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            try (RpcContext.Scope ignored = context.attach()) {
                Object result = method.invoke(arguments);
                if (method.descriptor().kind() != CallKind.ASYNC) {
                    return CompletableFuture.completedFuture(result);
                }
                if (result == null) {
                    throw new NullPointerException(method.descriptor().signature()
                            + " returned null instead of a CompletableFuture");
                }
                @SuppressWarnings("unchecked")
                CompletionStage<Object> async = (CompletionStage<Object>) result;
                return async.whenComplete((value, error) -> thrownByMethod[0] = unwrap(error));
            } catch (Throwable t) {
                thrownByMethod[0] = t;
                return CompletableFuture.failedFuture(t);
            }
        });
        endRunning();
        stage.whenComplete((value, error) -> {
            invocation.discardArguments();
            if (error == null) {
                reply(success(value, startNanos));
                return;
            }
            Throwable cause = unwrap(error);
            if (cause != thrownByMethod[0] && cause instanceof RpcException rpc) {
                reply(failureOf(rpc, startNanos));
            } else {
                reply(applicationError(cause, startNanos));
            }
        });
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Returns the consumer's {@code host:port}, built once per connection rather than once per call. */
    private String peer() {
        Attribute<String> attribute = channel.attr(PEER);
        String peer = attribute.get();
        if (peer == null) {
            peer = channel.remoteAddress() instanceof InetSocketAddress a
                    ? a.getAddress().getHostAddress() + ":" + a.getPort() : String.valueOf(channel.remoteAddress());
            attribute.set(peer);
        }
        return peer;
    }

    /**
     * Reads the request up to its arguments: returns {@code false} if the caller's deadline passed before the call
     * started, else keeps the attachments and leaves the frame's reader index at the arguments.
     */
    private boolean readPrefix(long startNanos) {
        ByteBuf body = frame.body();
        Bodies.ensure(body, Bodies.REQUEST_PREFIX, "request prefix");
        body.skipBytes(4); // call ID, resolved on the IO thread
        int timeoutMillis = body.readInt();
        this.timeoutMillis = timeoutMillis;
        if (timeoutMillis > 0 && startNanos - receivedNanos >= TimeUnit.MILLISECONDS.toNanos(timeoutMillis)) {
            dispatcher.expiredBeforeRun.increment();
            log.debug("dropped {} on {}: its deadline passed while queued", method.descriptor(), channel);
            return false;
        }
        this.attachments = Bodies.readAttachments(body);
        return true;
    }

    /**
     * Returns the context the method runs in: what arrived (less any credential secrets), and the caller's deadline
     * counted from when the request arrived, so that the calls the method makes downstream carry both on. A one-way
     * call's timeout only bounds its wait in the queue: nobody waits for its end, so it passes no deadline on.
     *
     * @throws RpcException {@code INTERNAL} if a provider filter left attachments no context can hold
     */
    private RpcContext context(Map<String, String> received) {
        RpcContext context;
        try {
            context = RpcContext.empty().withAttachments(AuthAttachments.withoutProof(received));
        } catch (IllegalArgumentException e) {
            throw new RpcException(RpcException.Code.INTERNAL, "the call's attachments, as the provider's filters"
                    + " left them, cannot form its context: " + e.getMessage());
        }
        if (timeoutMillis <= 0 || oneway) {
            return context;
        }
        long left = receivedNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) - System.nanoTime();
        return context.withDeadlineAfter(Duration.ofNanos(Math.max(0, left)));
    }

    /** Decodes the arguments, which follow the part {@link #readPrefix} read. */
    @Override
    public Object[] decode() {
        MethodDescriptor descriptor = method.descriptor();
        if (!generic) {
            return descriptor.argumentCodec().decode(frame.body());
        }
        // Only the declared parameter types are built from what arrived; no class is taken from the input.
        Object[] values = descriptor.genericArgumentCodec().decode(frame.body());
        java.lang.reflect.Type[] declared = descriptor.method().getGenericParameterTypes();
        for (int i = 0; i < values.length; i++) {
            values[i] = GenericValues.toDeclared(values[i], declared[i], "argument " + i);
        }
        return values;
    }

    /** Releases the request frame. */
    @Override
    public void release() {
        frame.release();
    }

    private ByteBuf success(Object value, long startNanos) {
        if (oneway) {
            return null;
        }
        ByteBuf out = channel.alloc().ioBuffer();
        try {
            int start = FrameHeader.start(out, MessageType.RESPONSE, frame.serializerId(), Status.OK, requestId());
            int nanosIndex = out.writerIndex();
            out.writeLong(0);
            if (generic) {
                method.descriptor().genericResultCodec().encode(new Object[] {GenericValues.toGeneric(value)}, out);
            } else {
                method.descriptor().resultCodec().encode(new Object[] {value}, out);
            }
            out.setLong(nanosIndex, System.nanoTime() - startNanos);
            FrameHeader.finish(out, start);
            return out;
        } catch (RuntimeException e) {
            out.release();
            log.warn("cannot encode the result of {}", method.descriptor(), e);
            return failureOf(e, startNanos);
        }
    }

    private ByteBuf applicationError(Throwable thrown, long startNanos) {
        if (oneway) {
            log.warn("one-way call {} threw", method.descriptor(), thrown);
            return null;
        }
        return Responses.applicationError(channel.alloc(), requestId(), thrown, System.nanoTime() - startNanos);
    }

    private ByteBuf failureOf(RuntimeException e, long startNanos) {
        RpcException.Code code = e instanceof RpcException r ? r.code()
                : e instanceof ProtocolException ? RpcException.Code.PROTOCOL : RpcException.Code.SERIALIZATION;
        String message = e.getMessage() + " (in " + method.descriptor().signature() + ")";
        if (oneway) {
            if (code == RpcException.Code.FORBIDDEN) {
                // Already reported, rate-limited, by the authentication filter: a flood must not flood the log.
                log.debug("one-way call refused: {}", message);
            } else {
                log.warn("one-way call failed: {}", message);
            }
            return null;
        }
        return Responses.failure(channel.alloc(), requestId(), code, message, System.nanoTime() - startNanos);
    }

    private void reply(ByteBuf response) {
        if (response != null) {
            OutboundQueue.of(channel).send(response);
        }
        finish();
    }

    private void finish() {
        dispatcher.finished(this, channel);
    }

    private void endRunning() {
        synchronized (this) {
            state = DONE;
            runner = null;
            // A cancel that raced with the end of the method must not leak its interrupt into the next task.
            Thread.interrupted();
        }
    }

    /** Cancels the call: it will not start, or its thread is interrupted if the method is running. */
    void cancel() {
        synchronized (this) {
            if (state == QUEUED) {
                state = CANCELLED;
            } else if (state == RUNNING && runner != null) {
                runner.interrupt();
            }
        }
    }
}
