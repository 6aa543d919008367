package io.ferryrpc.core.internal.serialize;

import static io.ferryrpc.core.internal.serialize.SerTestSupport.decode;
import static io.ferryrpc.core.internal.serialize.SerTestSupport.serializer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.internal.protocol.Bodies;
import io.ferryrpc.core.internal.protocol.ProtocolException;
import io.ferryrpc.core.internal.serialize.SerTestSupport.TypeRef;
import io.ferryrpc.core.spi.TupleCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Length fields inside a body that promise far more than the body holds (2 GiB in a few bytes) are refused with a
 * typed error before anything their size is allocated: the thread's allocation is measured around each decode.
 */
@Timeout(30)
class LengthClaimsTest {

    /** A value whose length varint claims {@code Integer.MAX_VALUE} bytes, with 16 bytes actually following. */
    private static final byte[] CLAIM_2_GIB = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
    private static final long ALLOWED_ALLOCATION = 1024 * 1024;

    static class Holder {
        Object any;
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Field 1, length-delimited, with the 2 GiB claim; or nested in {@code groups} start-group fields 1. */
    private static byte[] claim(int groups) {
        ByteBuf out = Unpooled.buffer();
        for (int i = 0; i < groups; i++) {
            out.writeByte(0x0b); // field 1, start group
        }
        out.writeByte(0x0a); // field 1, length-delimited
        out.writeBytes(CLAIM_2_GIB);
        out.writeBytes(new byte[16]);
        for (int i = 0; i < groups; i++) {
            out.writeByte(0x0c); // field 1, end group
        }
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        out.release();
        return bytes;
    }

    private static void assertRefusedWithoutAllocating(Type type, byte[] input) {
        TupleCodec codec = serializer(List.of()).tupleCodec(type);
        decode(codec, new byte[0]); // warm the path, so its one-off allocations are not counted
        long before = allocatedBytes();
        assertThatThrownBy(() -> decode(codec, input)).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcException.Code.SERIALIZATION));
        assertThat(allocatedBytes() - before).as("bytes allocated decoding %s", type).isLessThan(ALLOWED_ALLOCATION);
    }

    @Test
    void aStringClaiming2GibIsRefused() {
        assertRefusedWithoutAllocating(String.class, claim(0));
    }

    @Test
    void bytesClaiming2GibAreRefused() {
        assertRefusedWithoutAllocating(byte[].class, claim(0));
        assertRefusedWithoutAllocating(BigInteger.class, claim(0));
    }

    @Test
    void anElementOfACollectionOrMapClaiming2GibIsRefused() {
        assertRefusedWithoutAllocating(new TypeRef<List<String>>() {}.type(), claim(1));
        // A map entry is a group whose field 1 is the key.
        assertRefusedWithoutAllocating(new TypeRef<Map<String, Integer>>() {}.type(), claim(2));
    }

    @Test
    void aClassNameClaiming2GibIsRefused() {
        assertRefusedWithoutAllocating(Holder.class, claim(2));
    }

    @ParameterizedTest
    @ValueSource(ints = {10_001, 1_000_000})
    void aBigDecimalOverTheTextLimitIsRefusedBeforeItIsParsed(int digits) {
        TupleCodec codec = serializer(List.of()).tupleCodec(BigDecimal.class);
        BigDecimal huge = new BigDecimal("7".repeat(10_001));
        assertThatThrownBy(() -> SerTestSupport.encode(codec, huge)).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcException.Code.SERIALIZATION));
        // Written by hand, as a hostile peer would: parsing a million digits would take seconds.
        ByteBuf out = Unpooled.buffer();
        out.writeByte(0x0a);
        int length = digits;
        while ((length & ~0x7F) != 0) {
            out.writeByte((length & 0x7F) | 0x80);
            length >>>= 7;
        }
        out.writeByte(length);
        out.writeBytes("7".repeat(digits).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        out.release();
        long begin = System.nanoTime();
        assertThatThrownBy(() -> decode(codec, bytes)).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e).hasMessageContaining("limit of 10000"));
        assertThat((System.nanoTime() - begin) / 1_000_000).isLessThan(1000);
        BigDecimal atLimit = new BigDecimal("7".repeat(10_000));
        assertThat(SerTestSupport.roundTrip(BigDecimal.class, atLimit)).isEqualTo(atLimit);
    }

    @Test
    void aResponseStringClaiming2GibIsAProtocolErrorWithoutAllocating() {
        ByteBuf body = Unpooled.buffer().writeInt(Integer.MAX_VALUE).writeBytes(new byte[16]);
        try {
            Bodies.readStr16(Unpooled.buffer().writeShort(0).writeZero(0)); // warm
            long before = allocatedBytes();
            assertThatThrownBy(() -> Bodies.readStr32(body)).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("too short");
            assertThat(allocatedBytes() - before).isLessThan(ALLOWED_ALLOCATION);
        } finally {
            body.release();
        }
    }
}
