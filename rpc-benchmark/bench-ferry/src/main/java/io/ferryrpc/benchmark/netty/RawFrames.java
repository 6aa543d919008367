package io.ferryrpc.benchmark.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * The raw frame: {@code int length | long request id | body}, where the length counts the id and the body. The
 * decoder strips the length, so a handler receives {@code request id | body}.
 */
final class RawFrames {

    /** Bytes before the body: the length and the request id. */
    static final int HEADER = 4 + 8;

    /** The largest frame accepted: well above the 1 MiB echo of the payload curve. */
    static final int MAX_FRAME = 16 * 1024 * 1024;

    private RawFrames() {}

    /** Returns a decoder that splits the stream into {@code request id | body} buffers. */
    static LengthFieldBasedFrameDecoder newDecoder() {
        return new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4);
    }

    /**
     * Returns a direct buffer holding the header of a frame with {@code bodyLength} bytes of body, with room for the
     * body after it.
     */
    static ByteBuf start(ByteBufAllocator alloc, long requestId, int bodyLength) {
        ByteBuf out = alloc.ioBuffer(HEADER + bodyLength);
        out.writeInt(8 + bodyLength);
        out.writeLong(requestId);
        return out;
    }
}
