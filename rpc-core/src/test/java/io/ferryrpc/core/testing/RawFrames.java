package io.ferryrpc.core.testing;

import io.ferryrpc.core.internal.protocol.Bodies;
import io.ferryrpc.core.internal.protocol.FrameHeader;
import io.ferryrpc.core.internal.protocol.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Request frames built by hand, for tests that talk to a provider over a plain socket. */
public final class RawFrames {

    private RawFrames() {}

    /**
     * A response frame read off a socket.
     *
     * @param status the status byte: 0 for OK, else the {@code RpcException.Code} wire value
     * @param requestId the request ID it answers
     * @param message the failure message; empty for OK
     */
    public record Response(int status, long requestId, String message) {}

    /** Reads one frame from {@code in}, which must be a response, and returns what it says. */
    public static Response readResponse(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[FrameHeader.LENGTH];
        data.readFully(header);
        ByteBuf h = Unpooled.wrappedBuffer(header);
        if (h.getShort(0) != FrameHeader.MAGIC || h.getByte(3) != MessageType.RESPONSE.value()) {
            throw new IOException("not a response frame: type " + h.getByte(3));
        }
        byte[] body = new byte[h.getInt(FrameHeader.BODY_LENGTH_OFFSET)];
        data.readFully(body);
        ByteBuf b = Unpooled.wrappedBuffer(body);
        b.skipBytes(8); // processing nanos
        String message = "";
        if (h.getByte(5) != 0) {
            Bodies.readStr16(b); // exception type
            message = Bodies.readStr32(b);
        }
        return new Response(h.getByte(5), h.getLong(6), message);
    }

    /** Returns the bytes of a request frame whose arguments are {@code arguments}, already encoded. */
    public static byte[] request(byte serializer, long requestId, int callId, int timeoutMillis, byte[] arguments) {
        ByteBuf out = Unpooled.buffer();
        try {
            int start = FrameHeader.start(out, MessageType.REQUEST, serializer, (byte) 0, requestId);
            Bodies.writeRequestPrefix(out, callId, timeoutMillis, Map.of());
            out.writeBytes(arguments);
            FrameHeader.finish(out, start);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } finally {
            out.release();
        }
    }
}
