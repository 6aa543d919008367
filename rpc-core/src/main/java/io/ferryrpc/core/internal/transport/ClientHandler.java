package io.ferryrpc.core.internal.transport;

import io.ferryrpc.core.internal.protocol.Frame;
import io.ferryrpc.core.internal.protocol.FrameHeader;
import io.ferryrpc.core.internal.protocol.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        silentPeriods = 0;
        Frame frame = (Frame) msg;
        switch (frame.type()) {
            case RESPONSE -> connection.onResponse(frame);
            case GOAWAY -> {
                frame.release();
                connection.onGoAway(ctx.channel());
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
                log.warn("closing {}: the provider sent a {} frame", ctx.channel(), frame.type());
                ctx.close();
            }
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE && ++silentPeriods >= 3) {
                log.warn("closing {}: no frame from the provider for three heartbeat intervals", ctx.channel());
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
        ChannelFailures.closeOn(ctx, cause, "provider", log);
    }
}
