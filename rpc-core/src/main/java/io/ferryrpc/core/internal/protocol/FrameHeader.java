package io.ferryrpc.core.internal.protocol;

import io.netty.buffer.ByteBuf;

/**
 * The fixed 18-byte header that starts every frame.
 *
 * <pre>
 *  0       2         3      4            5        6                14            18
 *  +-------+---------+------+------------+--------+----------------+-------------+----------------+
 *  | magic | version | type | serializer | status | request id     | body length | body ...       |
 *  | 0xFE77|  0x01   | 1 B  |    1 B     |  1 B   | 8 B, big endian| 4 B, signed | body length B  |
 *  +-------+---------+------+------------+--------+----------------+-------------+----------------+
 * </pre>
 */
public final class FrameHeader {

    /** The first two bytes of every frame. */
    public static final short MAGIC = (short) 0xFE77;

    /** The protocol version this code speaks. */
    public static final byte VERSION = 1;

    /** Length of the header in bytes. */
    public static final int LENGTH = 18;

    /** Offset of the body-length field from the start of the frame. */
    public static final int BODY_LENGTH_OFFSET = 14;

    /** Default largest body accepted: 8 MiB. */
    public static final int DEFAULT_MAX_BODY_LENGTH = 8 * 1024 * 1024;

    private FrameHeader() {}

    /**
     * In a request's status byte: the arguments are generic values (one {@code Object} per parameter) for the
     * provider to convert to the declared types, and the result goes back as a generic value.
     */
    public static final byte FLAG_GENERIC = 0x01;

    /**
     * Writes a header whose body length is filled in later by {@link #finish(ByteBuf, int)}; returns the index at
     * which the frame starts.
     */
    public static int start(ByteBuf out, MessageType type, byte serializerId, byte status, long requestId) {
        int start = out.writerIndex();
        out.writeShort(MAGIC);
        out.writeByte(VERSION);
        out.writeByte(type.value());
        out.writeByte(serializerId);
        out.writeByte(status);
        out.writeLong(requestId);
        out.writeInt(0);
        return start;
    }

    /** Sets the body length of the frame that starts at {@code frameStart} to everything written after its header. */
    public static void finish(ByteBuf out, int frameStart) {
        out.setInt(frameStart + BODY_LENGTH_OFFSET, out.writerIndex() - frameStart - LENGTH);
    }

    /** Writes a complete frame with an empty body. */
    public static void writeEmpty(ByteBuf out, MessageType type, byte status, long requestId) {
        int start = start(out, type, (byte) 0, status, requestId);
        finish(out, start);
    }
}
