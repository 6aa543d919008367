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

/** Frames built and read by hand, for tests that talk to a provider over a plain socket. */
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

    /**
     * A response frame as read off a socket.
     *
     * @param type the message type value
     * @param status the status byte
     * @param requestId the request id
     * @param body the body bytes
     */
    public record Received(byte type, int status, long requestId, byte[] body) {

        /** Returns the failure message of a response whose status is not OK, or "" for an OK one. */
        public String message() {
            if (status == 0 || body.length < 8) {
                return "";
            }
            ByteBuf b = Unpooled.wrappedBuffer(body);
            b.skipBytes(8);
            Bodies.readStr16(b);
            return Bodies.readStr32(b);
        }
    }

    /** Reads one response frame from {@code in}, without its processing time. */
    public static Response readResponse(InputStream in) throws IOException {
        Received frame = read(in);
        if (frame.type() != MessageType.RESPONSE.value()) {
            throw new IOException("not a response frame: type " + frame.type());
        }
        return new Response(frame.status(), frame.requestId(), Arrays.copyOfRange(frame.body(), 8,
                frame.body().length));
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
            return bytes(out);
        } finally {
            out.release();
        }
    }

    /** Returns the bytes of a frame of {@code type} with serializer 1 and exactly {@code body} as its body. */
    public static byte[] frame(MessageType type, long requestId, byte[] body) {
        ByteBuf out = Unpooled.buffer();
        try {
            int start = FrameHeader.start(out, type, (byte) 1, (byte) 0, requestId);
            out.writeBytes(body);
            FrameHeader.finish(out, start);
            return bytes(out);
        } finally {
            out.release();
        }
    }

    /** Returns the bytes of a PING frame. */
    public static byte[] ping(long requestId) {
        return frame(MessageType.PING, requestId, new byte[0]);
    }

    /**
     * Returns a request body whose attachments are written as given, {@code key, value, key, value...}, with no
     * limit checked, followed by {@code arguments}.
     */
    public static byte[] requestBody(int callId, int timeoutMillis, byte[] arguments, String... attachments) {
        ByteBuf out = Unpooled.buffer();
        try {
            out.writeInt(callId);
            out.writeInt(timeoutMillis);
            out.writeShort(attachments.length / 2);
            for (String text : attachments) {
                Bodies.writeStr16(out, text);
            }
            out.writeBytes(arguments);
            return bytes(out);
        } finally {
            out.release();
        }
    }

    /** Reads one whole frame from {@code in}. */
    public static Received read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[FrameHeader.LENGTH];
        data.readFully(header);
        ByteBuf h = Unpooled.wrappedBuffer(header);
        if (h.getShort(0) != FrameHeader.MAGIC) {
            throw new IOException("not a Ferry frame");
        }
        byte[] body = new byte[h.getInt(FrameHeader.BODY_LENGTH_OFFSET)];
        data.readFully(body);
        return new Received(h.getByte(3), h.getByte(5), h.getLong(6), body);
    }

    private static byte[] bytes(ByteBuf out) {
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }
}
