package io.ferryrpc.benchmark.netty;

import io.ferryrpc.benchmark.driver.Peer;
import io.ferryrpc.benchmark.ferry.FerryWireBodies;
import io.ferryrpc.benchmark.workload.Operation;
import io.ferryrpc.benchmark.workload.Workload;
import io.ferryrpc.core.internal.transport.EventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The raw client: one multiplexed connection, as Ferry's; a caller writes the canned request body of its operation
 * under a fresh request id and blocks on a future that the IO thread completes with the response body, matched by
 * id through a concurrent map. With canned bodies nothing is serialized or deserialized and a call's result is the
 * response body's length; with Ferry's codec each call encodes its arguments and decodes its result.
 */
final class RawNettyClient implements Peer.Client {

    /** The sequence whose answer {@link #responseBody} checks. */
    private static final long SEQUENCE_OF_CHECKS = RawNettyPeer.SEQUENCE;

    private final EventLoopGroup group;
    private final Channel channel;
    private final byte[][] requests = new byte[Operation.values().length][];
    private final Map<Long, CompletableFuture<ByteBuf>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextRequestId = new AtomicLong();
    private final long timeoutNanos;
    private final int timeoutMillis;
    private final FerryWireBodies wire;
    /** With Ferry's codec: every call encodes its arguments and decodes its result, as an RPC client must. */
    private final boolean serializes;
    private final byte[] echoPayload;

    RawNettyClient(String host, int port, Duration timeout, int payloadSize, int ioThreads, FerryWireBodies wire,
            long sequence, boolean serializes) throws InterruptedException {
        this.timeoutNanos = timeout.toNanos();
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        this.wire = wire;
        this.serializes = serializes;
        this.echoPayload = Workload.payload(payloadSize);
        for (Operation op : Operation.values()) {
            requests[op.ordinal()] = wire.requestBody(op, FerryWireBodies.arguments(op, sequence, payloadSize),
                    timeoutMillis);
        }
        this.group = EventLoops.newGroup(ioThreads, "raw-netty-client");
        try {
            this.channel = new Bootstrap()
                    .group(group)
                    .channel(EventLoops.clientChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(RawFrames.newDecoder(), new ResponseHandler());
                        }
                    })
                    .connect(new InetSocketAddress(host, port))
                    .sync()
                    .channel();
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    @Override
    public Object call(Operation op, long sequence) throws Exception {
        ByteBuf body = exchange(op, sequence);
        try {
            return serializes ? wire.readResponse(op, body) : body.readableBytes();
        } finally {
            body.release();
        }
    }

    /** Performs one call of {@code op} and returns a copy of the response body, for checking its contents. */
    byte[] responseBody(Operation op) throws Exception {
        ByteBuf body = exchange(op, SEQUENCE_OF_CHECKS);
        try {
            return ByteBufUtil.getBytes(body);
        } finally {
            body.release();
        }
    }

    /** Sends the canned request of {@code op} and returns the response body, which the caller releases. */
    private ByteBuf exchange(Operation op, long sequence) throws Exception {
        if (!channel.isActive()) {
            throw new IOException("connection to the raw Netty server is closed");
        }
        long requestId = nextRequestId.incrementAndGet();
        CompletableFuture<ByteBuf> response = new CompletableFuture<>();
        pending.put(requestId, response);
        channel.writeAndFlush(request(op, sequence, requestId), channel.voidPromise());
        try {
            return response.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | InterruptedException e) {
            if (pending.remove(requestId) == null) {
                // The IO thread took it first: its body must still be released.
                response.thenAccept(ByteBuf::release);
            }
            throw e;
        } catch (ExecutionException e) {
            throw new IOException("call " + op.methodName() + " failed: " + e.getCause(), e.getCause());
        }
    }

    private ByteBuf request(Operation op, long sequence, long requestId) {
        if (!serializes) {
            byte[] request = requests[op.ordinal()];
            return RawFrames.start(channel.alloc(), requestId, request.length).writeBytes(request);
        }
        Object[] arguments = op == Operation.ECHO ? new Object[] {echoPayload}
                : FerryWireBodies.arguments(op, sequence, 0);
        ByteBuf out = channel.alloc().ioBuffer();
        try {
            out.writeInt(0).writeLong(requestId);
            wire.writeRequest(out, op, arguments, timeoutMillis);
            return out.setInt(0, out.readableBytes() - 4);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2000);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5000);
    }

    /** Completes the caller's future with the body; answers nobody waits for any more are released. */
    private final class ResponseHandler extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            CompletableFuture<ByteBuf> response = frame.readableBytes() >= 8 ? pending.remove(frame.readLong()) : null;
            if (response == null || !response.complete(frame)) {
                frame.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            IOException closed = new IOException("connection to the raw Netty server closed");
            for (Long id : pending.keySet()) {
                CompletableFuture<ByteBuf> response = pending.remove(id);
                if (response != null) {
                    response.completeExceptionally(closed);
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
