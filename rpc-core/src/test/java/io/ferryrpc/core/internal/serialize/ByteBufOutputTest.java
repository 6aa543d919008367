package io.ferryrpc.core.internal.serialize;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.protostuff.ByteString;
import io.protostuff.Input;
import io.protostuff.LinkedBuffer;
import io.protostuff.Output;
import io.protostuff.ProtostuffOutput;
import io.protostuff.Schema;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The direct-to-buffer output writes exactly the bytes Protostuff's own output writes, for every kind of field. */
@Timeout(30)
class ByteBufOutputTest {

    /** Writes one of everything, with edge values, to any output. */
    private static void writeAll(Output out) throws IOException {
        int field = 1;
        for (int v : new int[] {0, 1, 127, 128, 300, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            out.writeInt32(field++, v, false);
            out.writeUInt32(field++, v, false);
            out.writeSInt32(field++, v, false);
            out.writeFixed32(field++, v, false);
            out.writeSFixed32(field++, v, false);
            out.writeEnum(field++, v, false);
        }
        for (long v : new long[] {0, 1, 127, 128, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 35}) {
            out.writeInt64(field++, v, false);
            out.writeUInt64(field++, v, false);
            out.writeSInt64(field++, v, false);
            out.writeFixed64(field++, v, false);
            out.writeSFixed64(field++, v, false);
        }
        out.writeFloat(field++, 3.25f, false);
        out.writeFloat(field++, Float.NaN, false);
        out.writeDouble(field++, -0.0, false);
        out.writeDouble(field++, Math.PI, true);
        out.writeBool(field++, true, false);
        out.writeBool(field++, false, false);
        for (String s : new String[] {"", "Doug Lea", "北京市 中关村 中关村大街1号", "emoji \uD83D\uDE00 pair",
                "x".repeat(300)}) {
            out.writeString(field++, s, false);
        }
        out.writeByteArray(field++, new byte[] {1, 2, 3, (byte) 0xFF}, false);
        out.writeByteRange(false, field++, new byte[] {9, 8, 7, 6, 5}, 1, 3, false);
        out.writeBytes(field++, ByteString.copyFrom(new byte[] {4, 5}), false);
        out.writeBytes(field++, ByteBuffer.wrap(new byte[] {6, 7, 8}), false);
        out.writeObject(2000, "nested", new NestedSchema(), false);
        out.writeObject(536_870_911, "max field", new NestedSchema(), false);
    }

    @Test
    void everyFieldKindIsByteForByteWhatProtostuffWrites() throws IOException {
        LinkedBuffer linked = LinkedBuffer.allocate(256);
        ProtostuffOutput reference = new ProtostuffOutput(linked);
        writeAll(reference);
        byte[] expected = reference.toByteArray();

        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        try {
            buffer.writeByte(0x55); // something before, which must stay untouched
            ByteBufOutput direct = new ByteBufOutput();
            direct.target(buffer);
            writeAll(direct);
            direct.target(null);
            assertThat(buffer.getByte(0)).isEqualTo((byte) 0x55);
            assertThat(ByteBufUtil.getBytes(buffer, 1, buffer.readableBytes() - 1)).isEqualTo(expected);
        } finally {
            buffer.release();
        }
    }

    /** A message of two fields, nested as a group. */
    private static final class NestedSchema implements Schema<String> {
        @Override
        public String getFieldName(int number) {
            return null;
        }

        @Override
        public int getFieldNumber(String name) {
            return 0;
        }

        @Override
        public boolean isInitialized(String message) {
            return true;
        }

        @Override
        public String newMessage() {
            return "";
        }

        @Override
        public String messageName() {
            return "Nested";
        }

        @Override
        public String messageFullName() {
            return "Nested";
        }

        @Override
        public Class<? super String> typeClass() {
            return String.class;
        }

        @Override
        public void mergeFrom(Input input, String message) {
            throw new UnsupportedOperationException("write only");
        }

        @Override
        public void writeTo(Output output, String message) throws IOException {
            output.writeString(1, message, false);
            output.writeSInt64(2, -42, false);
        }
    }
}
