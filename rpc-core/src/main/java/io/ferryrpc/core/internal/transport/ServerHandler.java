package io.ferryrpc.core.internal.transport;

import io.ferryrpc.core.internal.invoke.ProviderDispatcher;
import io.ferryrpc.core.internal.protocol.Frame;
import io.ferryrpc.core.internal.protocol.FrameHeader;
import io.ferryrpc.core.internal.protocol.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a provider connection: answers pings, passes calls and cancels to the dispatcher, and closes
 * the connection (with a logged reason) on a protocol violation or when the consumer has been silent too long.
 */
@ChannelHandler.Sharable
public final class ServerHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ServerHandler.class);

    private final ProviderDispatcher dispatcher;
    private final LongAdder protocolErrors = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    /** Whether the provider is out of rotation; a new connection is told so as soon as it can be written to. */
    private volatile boolean offline;

    /** Creates the handler shared by all connections of one server. */
    public ServerHandler(ProviderDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Frame frame = (Frame) msg;
        switch (frame.type()) {
            case REQUEST, ONEWAY -> dispatcher.dispatch(ctx.channel(), frame);
            case PING -> {
                frame.release();
                ByteBuf pong = ctx.alloc().ioBuffer(FrameHeader.LENGTH);
                FrameHeader.writeEmpty(pong, MessageType.PONG, (byte) 0, frame.requestId());
                ctx.writeAndFlush(pong, ctx.voidPromise());
            }
            case CANCEL -> {
                frame.release();
                dispatcher.cancel(ctx.channel(), frame.requestId());
            }
            case PONG -> frame.release();
            default -> {
                frame.release();
                protocolErrors.increment();
                log.warn("closing {}: a consumer sent a {} frame", ctx.channel(), frame.type());
                ctx.close();
            }
        }
    }

    /**
     * Sets whether the provider is out of rotation, for connections still to come; the caller tells the open ones.
     * The flag is read on each connection's event loop, so an OFFLINE written for it there is never overtaken by an
     * ONLINE the caller sends after changing the flag back (that write is queued behind it on the same loop).
     */
    public void offline(boolean offline) {
        this.offline = offline;
    }

    /** Writes an empty frame of {@code type} (GOAWAY, OFFLINE, ONLINE) to {@code ch}; callable from any thread. */
    public static void tell(Channel ch, MessageType type) {
        ByteBuf frame = ch.alloc().ioBuffer(FrameHeader.LENGTH);
        FrameHeader.writeEmpty(frame, type, (byte) 0, 0);
        ch.writeAndFlush(frame, ch.voidPromise());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        // With TLS the consumer is told after the handshake (below), not into a handshake in progress.
        if (offline && ctx.pipeline().get(SslHandler.class) == null) {
            tell(ctx.channel(), MessageType.OFFLINE);
        }
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent handshake && handshake.isSuccess() && offline) {
            tell(ctx.channel(), MessageType.OFFLINE);
        }
        if (evt instanceof IdleStateEvent) {
            timedOut.increment();
            log.info("closing {}: no frame from the consumer within the idle timeout", ctx.channel());
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    /**
     * Stops reading requests from a consumer while its answers pile up unsent, and resumes once they drain: the
     * backpressure that keeps one slow reader from exhausting the provider's memory.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        dispatcher.channelClosed(ctx.channel());
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ChannelFailures.closeOn(ctx, cause, "consumer", log)) {
            protocolErrors.increment();
        }
    }

    /**
     * Returns the counter of connections closed for silence or slowness: the idle timeout here, and the
     * {@link FrameDeadlines} of each connection.
     */
    public LongAdder timedOut() {
        return timedOut;
    }

    /** Returns how many connections were closed for breaking the protocol. */
    public long protocolErrors() {
        return protocolErrors.sum();
    }
}
