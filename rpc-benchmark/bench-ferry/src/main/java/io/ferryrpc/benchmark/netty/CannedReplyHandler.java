package io.ferryrpc.benchmark.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request on the IO thread that read it, with its canned reply. Replies are written as requests are
 * read and flushed once per read batch, the usual Netty idiom for the fewest system calls: the ceiling does what a
 * tuned Netty server does.
 */
@ChannelHandler.Sharable
final class CannedReplyHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(CannedReplyHandler.class);

    private final CannedReplies replies;

    CannedReplyHandler(CannedReplies replies) {
        this.replies = replies;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            if (frame.readableBytes() < 8) {
                log.warn("closing {}: a frame of {} bytes has no request id", ctx.channel(), frame.readableBytes());
                ctx.close();
                return;
            }
            long requestId = frame.readLong();
            ByteBuf reply = replies.reply(ctx.alloc(), requestId, frame);
            if (reply == null) {
                log.warn("closing {}: request {} names no known call", ctx.channel(), requestId);
                ctx.close();
                return;
            }
            ctx.write(reply, ctx.voidPromise());
        } finally {
            frame.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("closing {}: {}", ctx.channel(), cause.toString());
        ctx.close();
    }
}
