package io.ferryrpc.core.internal.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads and writes the fixed parts of request and response bodies; argument and result values are written by a
 * serializer after them.
 *
 * <pre>
 * request  | call id 4 | timeout millis 4 (0 = none) | attachment count 2 | (key str16, value str16)* | arguments |
 * response | processing nanos 8 | result                                                (status OK)
 * response | processing nanos 8 | type name str16 | message str32 | stack trace str32    (any other status)
 * </pre>
 *
 * {@code str16} and {@code str32} are UTF-8 strings prefixed by an unsigned 16-bit or signed 32-bit byte length.
 */
public final class Bodies {

    /** Size of the fixed part of a request body before the attachments. */
    public static final int REQUEST_PREFIX = 10;

    /** Most attachments one request may carry. */
    public static final int MAX_ATTACHMENTS = 64;

    private Bodies() {}

    /** Writes the fixed part of a request body. */
    public static void writeRequestPrefix(ByteBuf out, int callId, int timeoutMillis, Map<String, String> attachments) {
        if (attachments.size() > MAX_ATTACHMENTS) {
            throw new IllegalArgumentException(
                    "attachments: " + attachments.size() + " (expected: <= " + MAX_ATTACHMENTS + ")");
        }
        out.writeInt(callId);
        out.writeInt(timeoutMillis);
        out.writeShort(attachments.size());
        for (Map.Entry<String, String> e : attachments.entrySet()) {
            writeStr16(out, e.getKey());
            writeStr16(out, e.getValue());
        }
    }

    /** Writes a UTF-8 string with a 16-bit length prefix, truncating (at a character boundary) what does not fit. */
    public static void writeStr16(ByteBuf out, String s) {
        int lengthIndex = out.writerIndex();
        out.writeShort(0);
        int written = ByteBufUtil.writeUtf8(out, s.length() > 0xFFFF / 3 ? s.substring(0, 0xFFFF / 3) : s);
        out.setShort(lengthIndex, written);
    }

    /** Writes a UTF-8 string with a 32-bit length prefix. */
    public static void writeStr32(ByteBuf out, String s) {
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        int written = ByteBufUtil.writeUtf8(out, s);
        out.setInt(lengthIndex, written);
    }

    /** Reads a string written by {@link #writeStr16}. */
    public static String readStr16(ByteBuf in) {
        ensure(in, 2, "string length");
        int length = in.readUnsignedShort();
        return readUtf8(in, length);
    }

    /** Reads a string written by {@link #writeStr32}. */
    public static String readStr32(ByteBuf in) {
        ensure(in, 4, "string length");
        int length = in.readInt();
        if (length < 0) {
            throw new ProtocolException("negative string length " + length);
        }
        return readUtf8(in, length);
    }

    private static String readUtf8(ByteBuf in, int length) {
        ensure(in, length, "string");
        String s = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return s;
    }

    /** Throws a {@link ProtocolException} if fewer than {@code n} bytes are left for {@code what}. */
    public static void ensure(ByteBuf in, int n, String what) {
        if (in.readableBytes() < n) {
            throw new ProtocolException("body too short for " + what + ": " + in.readableBytes() + " of " + n
                    + " bytes left");
        }
    }
}
