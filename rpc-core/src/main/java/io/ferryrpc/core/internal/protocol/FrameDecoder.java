package io.ferryrpc.core.internal.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the byte stream into {@link Frame}s, checking magic, version, type and body length before allocating
 * anything for the body.
 *
 * <p>After the first bad frame it raises a {@link ProtocolException} and discards everything else the connection
 * sends; the handler behind it closes the connection. It also tells how long the connection has left a frame
 * incomplete ({@link #partialSinceNanos()}), for the provider's slow-sender deadline. Not sharable: one instance per
 * channel.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private final int maxBodyLength;
    private boolean corrupted;
    private long framesDecoded;
    private long partialSinceNanos;

    /** Creates a decoder that rejects bodies longer than {@code maxBodyLength} bytes. */
    public FrameDecoder(int maxBodyLength) {
        if (maxBodyLength < 0) {
            throw new IllegalArgumentException("maxBodyLength: " + maxBodyLength + " (expected: >= 0)");
        }
        this.maxBodyLength = maxBodyLength;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        long before = framesDecoded;
        super.channelRead(ctx, msg);
        if (!internalBuffer().isReadable()) {
            partialSinceNanos = 0;
        } else if (partialSinceNanos == 0 || framesDecoded != before) {
            // A frame completed, so the clock restarts for the one now pending: progress is measured in frames,
            // and a busy connection whose reads always end mid-frame is not mistaken for a slow one.
            partialSinceNanos = System.nanoTime();
        }
    }

    /** Returns how many frames this decoder has produced. */
    public long framesDecoded() {
        return framesDecoded;
    }

    /**
     * Returns the {@link System#nanoTime()} since which part of a frame has been waiting for the rest (or since the
     * last frame completed, whichever is later), or 0 when no partial frame is buffered.
     */
    public long partialSinceNanos() {
        return partialSinceNanos;
    }

    /** Restarts the partial-frame clock, for a pause the receiver caused itself (it stopped reading). */
    public void restartPartialClock() {
        if (partialSinceNanos != 0) {
            partialSinceNanos = System.nanoTime();
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (corrupted) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < FrameHeader.LENGTH) {
            checkMagicEarly(in);
            return;
        }
        int start = in.readerIndex();
        short magic = in.getShort(start);
        byte version = in.getByte(start + 2);
        byte typeValue = in.getByte(start + 3);
        int bodyLength = in.getInt(start + FrameHeader.BODY_LENGTH_OFFSET);
        if (magic != FrameHeader.MAGIC) {
            throw corrupt(in, String.format("bad magic 0x%04x (expected 0x%04x)%s", magic & 0xFFFF,
                    FrameHeader.MAGIC & 0xFFFF, looksLikeTls(magic) ? "; it is a TLS record: the peer uses TLS and"
                            + " this side does not" : ""));
        }
        if (version != FrameHeader.VERSION) {
            throw corrupt(in, "unsupported protocol version " + version + " (expected " + FrameHeader.VERSION + ")");
        }
        MessageType type = MessageType.fromValue(typeValue);
        if (type == null) {
            throw corrupt(in, "unknown message type " + typeValue);
        }
        if (bodyLength < 0 || bodyLength > maxBodyLength) {
            throw corrupt(in, "body length " + bodyLength + " out of range (expected: 0.." + maxBodyLength + ")");
        }
        if (in.readableBytes() < FrameHeader.LENGTH + bodyLength) {
            return;
        }
        byte serializerId = in.getByte(start + 4);
        byte status = in.getByte(start + 5);
        long requestId = in.getLong(start + 6);
        in.skipBytes(FrameHeader.LENGTH);
        framesDecoded++;
        out.add(new Frame(type, serializerId, status, requestId, in.readRetainedSlice(bodyLength)));
    }

    /** Fails fast on garbage that is shorter than a header, instead of waiting for more of it. */
    private void checkMagicEarly(ByteBuf in) {
        int start = in.readerIndex();
        if (in.readableBytes() >= 1 && in.getByte(start) != (byte) (FrameHeader.MAGIC >> 8)
                || in.readableBytes() >= 2 && in.getShort(start) != FrameHeader.MAGIC) {
            throw corrupt(in, "bad magic");
        }
    }

    /** TLS records start with a content type 20..24 and major version 3. */
    private static boolean looksLikeTls(short magic) {
        int type = (magic >> 8) & 0xFF;
        return type >= 20 && type <= 24 && (magic & 0xFF) == 3;
    }

    private ProtocolException corrupt(ByteBuf in, String reason) {
        corrupted = true;
        in.skipBytes(in.readableBytes());
        return new ProtocolException(reason);
    }
}
