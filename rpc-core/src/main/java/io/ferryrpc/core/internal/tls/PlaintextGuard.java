package io.ferryrpc.core.internal.tls;

import io.ferryrpc.core.internal.protocol.FrameHeader;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits in front of a TLS provider's {@code SslHandler} for the first bytes of a connection only: a plaintext Ferry
 * frame there (its first byte is the magic's) closes the connection at once with one clear log line, then the guard
 * removes itself.
 *
 * <p>Without it most plaintext frames would still fail at once, but the TLS record parser reads a frame whose type
 * byte is 3 ({@code ONEWAY}) as an SSLv2 record header announcing 32 KiB, and would wait for those bytes until the
 * handshake timeout.
 */
public final class PlaintextGuard extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(PlaintextGuard.class);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf in && in.isReadable()
                && in.getByte(in.readerIndex()) == (byte) (FrameHeader.MAGIC >> 8)) {
            ReferenceCountUtil.release(msg);
            log.warn("closing {}: a consumer sent plaintext Ferry frames to this TLS-only provider (it must be built"
                    + " with RpcClient.Builder.tls)", ctx.channel());
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(msg);
    }
}
