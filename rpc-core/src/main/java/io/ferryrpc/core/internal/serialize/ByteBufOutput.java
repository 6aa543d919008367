package io.ferryrpc.core.internal.serialize;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.protostuff.ByteString;
import io.protostuff.Output;
import io.protostuff.Schema;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A Protostuff {@link Output} that writes the protostuff wire format (protobuf's encodings, nested messages as
 * groups) straight into the frame's pooled buffer, so an encoded value is written once instead of being built in a
 * linked heap buffer and copied. Byte for byte what {@code ProtostuffOutput} writes, except that a string with an
 * unpaired surrogate is written with {@code ?} in its place, as the JDK's own UTF-8 encoder does.
 */
final class ByteBufOutput implements Output {

    private static final int WIRE_VARINT = 0;
    private static final int WIRE_FIXED64 = 1;
    private static final int WIRE_LENGTH_DELIMITED = 2;
    private static final int WIRE_START_GROUP = 3;
    private static final int WIRE_END_GROUP = 4;
    private static final int WIRE_FIXED32 = 5;

    private ByteBuf out;

    /** Directs the following writes to {@code target}, at its writer index; {@code null} when done. */
    void target(ByteBuf target) {
        this.out = target;
    }

    private void tag(int field, int wireType) {
        varint32((field << 3) | wireType);
    }

    private void varint32(int value) {
        int v = value;
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    private void varint64(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    @Override
    public void writeInt32(int field, int value, boolean repeated) {
        tag(field, WIRE_VARINT);
        if (value < 0) {
            varint64(value); // protobuf sign-extends a negative int32 to ten bytes
        } else {
            varint32(value);
        }
    }

    @Override
    public void writeUInt32(int field, int value, boolean repeated) {
        tag(field, WIRE_VARINT);
        varint32(value);
    }

    @Override
    public void writeSInt32(int field, int value, boolean repeated) {
        tag(field, WIRE_VARINT);
        varint32((value << 1) ^ (value >> 31));
    }

    @Override
    public void writeFixed32(int field, int value, boolean repeated) {
        tag(field, WIRE_FIXED32);
        out.writeIntLE(value);
    }

    @Override
    public void writeSFixed32(int field, int value, boolean repeated) {
        writeFixed32(field, value, repeated);
    }

    @Override
    public void writeInt64(int field, long value, boolean repeated) {
        tag(field, WIRE_VARINT);
        varint64(value);
    }

    @Override
    public void writeUInt64(int field, long value, boolean repeated) {
        writeInt64(field, value, repeated);
    }

    @Override
    public void writeSInt64(int field, long value, boolean repeated) {
        tag(field, WIRE_VARINT);
        varint64((value << 1) ^ (value >> 63));
    }

    @Override
    public void writeFixed64(int field, long value, boolean repeated) {
        tag(field, WIRE_FIXED64);
        out.writeLongLE(value);
    }

    @Override
    public void writeSFixed64(int field, long value, boolean repeated) {
        writeFixed64(field, value, repeated);
    }

    @Override
    public void writeFloat(int field, float value, boolean repeated) {
        writeFixed32(field, Float.floatToRawIntBits(value), repeated);
    }

    @Override
    public void writeDouble(int field, double value, boolean repeated) {
        writeFixed64(field, Double.doubleToRawLongBits(value), repeated);
    }

    @Override
    public void writeBool(int field, boolean value, boolean repeated) {
        tag(field, WIRE_VARINT);
        out.writeByte(value ? 1 : 0);
    }

    @Override
    public void writeEnum(int field, int number, boolean repeated) {
        writeInt32(field, number, repeated);
    }

    @Override
    public void writeString(int field, CharSequence value, boolean repeated) {
        tag(field, WIRE_LENGTH_DELIMITED);
        int length = ByteBufUtil.utf8Bytes(value);
        varint32(length);
        ByteBufUtil.reserveAndWriteUtf8(out, value, length);
    }

    @Override
    public void writeBytes(int field, ByteString value, boolean repeated) {
        writeByteArray(field, value.toByteArray(), repeated);
    }

    @Override
    public void writeByteArray(int field, byte[] value, boolean repeated) {
        writeByteRange(false, field, value, 0, value.length, repeated);
    }

    @Override
    public void writeByteRange(boolean utf8String, int field, byte[] value, int offset, int length,
            boolean repeated) {
        tag(field, WIRE_LENGTH_DELIMITED);
        varint32(length);
        out.writeBytes(value, offset, length);
    }

    @Override
    public <T> void writeObject(int field, T value, Schema<T> schema, boolean repeated) throws IOException {
        tag(field, WIRE_START_GROUP);
        schema.writeTo(this, value);
        tag(field, WIRE_END_GROUP);
    }

    @Override
    public void writeBytes(int field, ByteBuffer value, boolean repeated) {
        tag(field, WIRE_LENGTH_DELIMITED);
        varint32(value.remaining());
        out.writeBytes(value.duplicate());
    }
}
