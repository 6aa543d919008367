package io.ferryrpc.core.internal.transport;

import io.ferryrpc.core.internal.protocol.Frame;
import io.ferryrpc.core.internal.protocol.FrameHeader;
import io.ferryrpc.core.internal.protocol.MessageType;
import io.ferryrpc.core.internal.protocol.ProtocolException;
import io.ferryrpc.core.internal.tls.TlsFailures;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last handler of a consumer connection: routes responses to pending calls, pings when idle. */
final class ClientHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ClientHandler.class);

    private final ClientConnection connection;

    ClientHandler(ClientConnection connection) {
        this.connection = connection;
    }

    /** Reader-idle periods in a row; a connection that only sends (one-way calls) still pings on these. */
    private int silentPeriods;
    /** Whether the provider has sent any frame on this connection. */
    private boolean heard;
    /** Why this side closed the connection, if it did; told to the calls that were waiting on it. */
    private String closeReason;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        silentPeriods = 0;
        heard = true;
        Frame frame = (Frame) msg;
        switch (frame.type()) {
            case RESPONSE -> connection.onResponse(frame);
            case GOAWAY -> {
                frame.release();
                connection.onGoAway(ctx.channel());
            }
            case OFFLINE -> {
                frame.release();
                connection.onOffline(ctx.channel());
            }
            case ONLINE -> {
                frame.release();
                connection.onOnline(ctx.channel());
            }
            case PING -> {
                frame.release();
                ByteBuf pong = ctx.alloc().ioBuffer(FrameHeader.LENGTH);
                FrameHeader.writeEmpty(pong, MessageType.PONG, (byte) 0, frame.requestId());
                ctx.writeAndFlush(pong, ctx.voidPromise());
            }
            case PONG -> frame.release();
            default -> {
                frame.release();
                closeReason = "the provider sent a " + frame.type() + " frame";
                log.warn("closing {}: {}", ctx.channel(), closeReason);
                ctx.close();
            }
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE && ++silentPeriods >= 3) {
                closeReason = "no frame from the provider for three heartbeat intervals";
                log.warn("closing {}: {}", ctx.channel(), closeReason);
                ctx.close();
            } else {
                ByteBuf ping = ctx.alloc().ioBuffer(FrameHeader.LENGTH);
                FrameHeader.writeEmpty(ping, MessageType.PING, (byte) 0, 0);
                ctx.writeAndFlush(ping, ctx.voidPromise());
            }
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (closeReason == null) {
            closeReason = TlsFailures.isTls(cause) ? TlsFailures.describe(cause, "provider")
                    : cause instanceof ProtocolException ? "protocol violation by the provider: " + cause.getMessage()
                    : String.valueOf(cause);
        }
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl != null && !ssl.handshakeFuture().isSuccess()) {
            // A failed handshake: ClientConnection reports it once, with the address, as a failed connection attempt.
            log.debug("closing {}: {}", ctx.channel(), closeReason);
            ctx.close();
            return;
        }
        ChannelFailures.closeOn(ctx, cause, "provider", log);
    }

    /**
     * Fails the calls still waiting on this connection. It runs after everything else the close caused, so that the
     * reason recorded by {@link #exceptionCaught} (which a TLS handler reports only after closing) is known.
     */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        connection.onInactive(ctx.channel(), heard, closeReason);
        super.channelInactive(ctx);
    }
}
