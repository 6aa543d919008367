package io.ferryrpc.core.internal.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
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

    /** Longest attachment key, in UTF-8 bytes. */
    public static final int MAX_ATTACHMENT_KEY_BYTES = 256;

    /** Longest attachment value, in UTF-8 bytes. */
    public static final int MAX_ATTACHMENT_VALUE_BYTES = 4 * 1024;

    /** Most bytes all attachments of one request may take together, keys and values (without length prefixes). */
    public static final int MAX_ATTACHMENTS_BYTES = 16 * 1024;

    private Bodies() {}

    /**
     * Writes the fixed part of a request body.
     *
     * @throws IllegalArgumentException if the attachments break one of the limits above; nothing is written then
     */
    public static void writeRequestPrefix(ByteBuf out, int callId, int timeoutMillis, Map<String, String> attachments) {
        if (attachments.size() > MAX_ATTACHMENTS) {
            throw new IllegalArgumentException(
                    "attachments: " + attachments.size() + " (expected: <= " + MAX_ATTACHMENTS + ")");
        }
        int start = out.writerIndex();
        out.writeInt(callId);
        out.writeInt(timeoutMillis);
        out.writeShort(attachments.size());
        int total = 0;
        for (Map.Entry<String, String> e : attachments.entrySet()) {
            int key = writeAttachmentText(out, e.getKey(), MAX_ATTACHMENT_KEY_BYTES, "key", null, start);
            int value = writeAttachmentText(out, e.getValue(), MAX_ATTACHMENT_VALUE_BYTES, "value", e.getKey(),
                    start);
            total += key + value;
            if (total > MAX_ATTACHMENTS_BYTES) {
                out.writerIndex(start);
                throw new IllegalArgumentException("attachments take more than " + MAX_ATTACHMENTS_BYTES
                        + " bytes together (keys and values in UTF-8)");
            }
        }
    }

    private static int writeAttachmentText(ByteBuf out, String text, int max, String what, String key, int start) {
        if (text == null) {
            out.writerIndex(start);
            throw new IllegalArgumentException("attachment " + what + (key == null ? "" : " of " + key) + " is null");
        }
        // A UTF-8 byte count is at least the char count and at most three times it: most texts are decided without
        // counting.
        if (text.length() > max || text.length() * 3 > max && ByteBufUtil.utf8Bytes(text) > max) {
            out.writerIndex(start);
            throw new IllegalArgumentException("attachment " + what + (key == null ? "" : " of " + key) + " is "
                    + ByteBufUtil.utf8Bytes(text) + " bytes in UTF-8 (expected: <= " + max + ")");
        }
        int lengthIndex = out.writerIndex();
        out.writeShort(0);
        int written = ByteBufUtil.writeUtf8(out, text);
        out.setShort(lengthIndex, written);
        return written;
    }

    /**
     * Reads the attachments of a request body, positioned at the attachment count, checking every limit above
     * before allocating anything for what it checks.
     *
     * @throws ProtocolException if the body breaks a limit or ends too early
     */
    public static Map<String, String> readAttachments(ByteBuf in) {
        ensure(in, 2, "attachment count");
        int count = in.readUnsignedShort();
        if (count > MAX_ATTACHMENTS) {
            throw new ProtocolException("attachments: " + count + " (expected: <= " + MAX_ATTACHMENTS + ")");
        }
        if (count == 0) {
            return Map.of();
        }
        // Two length prefixes per attachment must be there before the map is sized for them.
        ensure(in, count * 4, "attachments");
        Map<String, String> attachments = new HashMap<>(count * 2);
        int total = 0;
        for (int i = 0; i < count; i++) {
            int before = in.readableBytes();
            String key = readBounded(in, MAX_ATTACHMENT_KEY_BYTES, "attachment key");
            String value = readBounded(in, MAX_ATTACHMENT_VALUE_BYTES, "attachment value");
            total += before - in.readableBytes() - 4;
            if (total > MAX_ATTACHMENTS_BYTES) {
                throw new ProtocolException("attachments take more than " + MAX_ATTACHMENTS_BYTES
                        + " bytes together");
            }
            attachments.put(key, value);
        }
        return attachments;
    }

    private static String readBounded(ByteBuf in, int max, String what) {
        ensure(in, 2, what + " length");
        int length = in.readUnsignedShort();
        if (length > max) {
            throw new ProtocolException(what + " of " + length + " bytes (expected: <= " + max + ")");
        }
        return readUtf8(in, length);
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
