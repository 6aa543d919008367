package io.ferryrpc.core.testing;

import io.ferryrpc.core.internal.protocol.Bodies;
import io.ferryrpc.core.internal.protocol.FrameHeader;
import io.ferryrpc.core.internal.protocol.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;

/** Request frames built by hand, for tests that talk to a provider over a plain socket. */
public final class RawFrames {

    private RawFrames() {}

    /**
     * One response read off a socket.
     *
     * @param status the status byte
     * @param requestId the request id it answers
     * @param body the body after the processing time: the result, or type name, message and stack trace
     */
    public record Response(int status, long requestId, byte[] body) {

        /** Returns the message of a failure response; empty for a success. */
        public String message() {
            if (status == 0) {
                return "";
            }
            ByteBuf b = Unpooled.wrappedBuffer(body);
            Bodies.readStr16(b);
            return Bodies.readStr32(b);
        }
    }

    /** Reads one response frame from {@code in}. */
    public static Response readResponse(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[FrameHeader.LENGTH];
        data.readFully(header);
        ByteBuf h = Unpooled.wrappedBuffer(header);
        if (h.getShort(0) != FrameHeader.MAGIC || h.getByte(3) != MessageType.RESPONSE.value()) {
            throw new IOException("not a response frame");
        }
        byte[] body = new byte[h.getInt(FrameHeader.BODY_LENGTH_OFFSET)];
        data.readFully(body);
        return new Response(h.getByte(5), h.getLong(6), Arrays.copyOfRange(body, 8, body.length));
    }

    /** Returns the bytes of a request frame whose arguments are {@code arguments}, already encoded. */
    public static byte[] request(byte serializer, long requestId, int callId, int timeoutMillis, byte[] arguments) {
        return request(serializer, requestId, callId, timeoutMillis, Map.of(), arguments);
    }

    /** Returns the bytes of a request frame with {@code attachments} and already encoded {@code arguments}. */
    public static byte[] request(byte serializer, long requestId, int callId, int timeoutMillis,
            Map<String, String> attachments, byte[] arguments) {
        ByteBuf out = Unpooled.buffer();
        try {
            int start = FrameHeader.start(out, MessageType.REQUEST, serializer, (byte) 0, requestId);
            Bodies.writeRequestPrefix(out, callId, timeoutMillis, attachments);
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
