package io.ferryrpc.core.internal.serialize;

import static io.ferryrpc.core.internal.serialize.SerTestSupport.decode;
import static io.ferryrpc.core.internal.serialize.SerTestSupport.encode;
import static io.ferryrpc.core.internal.serialize.SerTestSupport.roundTrip;
import static io.ferryrpc.core.internal.serialize.SerTestSupport.serializer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.internal.serialize.SerTestSupport.TypeRef;
import io.ferryrpc.core.spi.TupleCodec;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LimitsAndMalformedInputTest {

    static class Node {
        Node next;
        int value;
    }

    record Item(String name, BigDecimal price, Set<String> tags, Optional<Instant> when) {
    }

    record Complex(List<Item> items, Map<String, Object> extra, int[] numbers, ZonedDateTime at, UUID id,
            Object any) {
    }

    private static Node chain(int length) {
        Node head = null;
        for (int i = 0; i < length; i++) {
            Node n = new Node();
            n.next = head;
            n.value = i;
            head = n;
        }
        return head;
    }

    private static void assertSerializationError(Runnable r) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcException.Code.SERIALIZATION));
    }

    private static Complex complex() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("n", 1);
        extra.put("s", "str");
        extra.put("l", List.of(1L, 2L));
        return new Complex(
                List.of(new Item("a", new BigDecimal("1.10"), Set.of("x"), Optional.of(Instant.ofEpochSecond(5, 6))),
                        new Item(null, null, Set.of(), Optional.empty())),
                extra, new int[] {1, 2, 3}, ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 0, ZoneId.of("Europe/Paris")),
                new UUID(3, 4), List.of("poly"));
    }

    @Test
    void complexValueRoundTrips() {
        Complex c = complex();
        Complex decoded = (Complex) roundTrip(Complex.class, c);
        assertThat(decoded.items()).isEqualTo(c.items());
        assertThat(decoded.extra()).isEqualTo(c.extra());
        assertThat(decoded.numbers()).isEqualTo(c.numbers());
        assertThat(decoded.at()).isEqualTo(c.at());
        assertThat(decoded.any()).isEqualTo(c.any());
    }

    @Test
    void depthLimit() {
        byte[] deep = encode(serializer(1000, 100).tupleCodec(Node.class), chain(100));
        assertThat(((Node) decode(serializer(200, 100).tupleCodec(Node.class), deep)[0]).value).isEqualTo(99);
        assertThatThrownBy(() -> decode(serializer(64, 100).tupleCodec(Node.class), deep))
                .isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.code()).isEqualTo(RpcException.Code.SERIALIZATION))
                .hasMessageContaining("maxDepth");
        // Nested lists through Object as well.
        Object nested = "leaf";
        for (int i = 0; i < 20; i++) {
            nested = List.of(nested);
        }
        byte[] lists = encode(serializer().tupleCodec(Object.class), nested);
        assertSerializationError(() -> decode(serializer(10, 100).tupleCodec(Object.class), lists));
        assertThat(decode(serializer(30, 100).tupleCodec(Object.class), lists)[0]).isEqualTo(nested);
    }

    @Test
    void encodingACycleFailsCleanly() {
        Node a = new Node();
        a.next = a;
        TupleCodec codec = serializer().tupleCodec(Node.class);
        assertThatThrownBy(() -> encode(codec, a)).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcException.Code.SERIALIZATION));
        // The thread's encoder is reusable afterwards.
        assertThat(((Node) roundTrip(codec, chain(3))[0]).value).isEqualTo(2);
    }

    @Test
    void deeplyNestedGroupsOfUnknownFieldsHitTheDepthLimit() {
        byte[] bytes = new byte[100_000];
        bytes[0] = (byte) ((5 << 3) | 3); // field 5 (unknown), start group
        Arrays.fill(bytes, 1, bytes.length, (byte) ((1 << 3) | 3));
        assertSerializationError(() -> decode(serializer().tupleCodec(String.class), bytes));
    }

    @Test
    void sizeLimit() {
        TupleCodec writer = serializer(64, 100).tupleCodec(new TypeRef<List<Integer>>() { }.type(),
                new TypeRef<Map<String, Integer>>() { }.type(), int[].class, String[].class);
        List<Integer> list = new ArrayList<>(Collections.nCopies(11, 7));
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            map.put("k" + i, i);
        }
        int[] ints = new int[11];
        String[] strings = new String[11];
        TupleCodec reader = serializer(64, 10).tupleCodec(new TypeRef<List<Integer>>() { }.type(),
                new TypeRef<Map<String, Integer>>() { }.type(), int[].class, String[].class);
        for (Object[] values : List.of(new Object[] {list, null, null, null}, new Object[] {null, map, null, null},
                new Object[] {null, null, ints, null}, new Object[] {null, null, null, strings})) {
            byte[] bytes = encode(writer, values);
            assertThatThrownBy(() -> decode(reader, bytes)).isInstanceOf(RpcException.class)
                    .hasMessageContaining("maxCollectionSize");
        }
        assertThat(decode(reader, encode(writer, list.subList(0, 10), null, new int[10], null))[0])
                .isEqualTo(list.subList(0, 10));
    }

    @Test
    void truncatedInputNeverEscapesAsAnotherException() {
        TupleCodec codec = serializer().tupleCodec(Complex.class, String.class);
        byte[] full = encode(codec, complex(), "tail");
        int errors = 0;
        for (int len = 0; len < full.length; len++) {
            byte[] cut = Arrays.copyOf(full, len);
            try {
                decode(codec, cut);
            } catch (RpcException e) {
                assertThat(e.code()).isEqualTo(RpcException.Code.SERIALIZATION);
                errors++;
            }
        }
        // Only a cut exactly between the two top-level fields (or before anything) may decode.
        assertThat(errors).isGreaterThanOrEqualTo(full.length - 2);
    }

    @Test
    void garbageNeverEscapesAsAnotherException() {
        TupleCodec codec = serializer().tupleCodec(Complex.class, Object.class,
                new TypeRef<Map<String, List<Item>>>() { }.type(), long.class, double[].class);
        byte[] valid = encode(codec, complex(), 5, Map.of("k", List.of()), 9L, new double[] {1});
        Random random = new Random(42);
        for (int i = 0; i < 3000; i++) {
            byte[] bytes;
            if (i % 2 == 0) {
                bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
            } else {
                bytes = valid.clone();
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            try {
                decode(codec, bytes);
            } catch (RpcException e) {
                assertThat(e.code()).isEqualTo(RpcException.Code.SERIALIZATION);
            } catch (Throwable t) {
                fail("Unexpected " + t + " for " + Arrays.toString(bytes), t);
            }
        }
    }

    @Test
    void specificMalformedInputs() {
        TupleCodec codec = serializer().tupleCodec(String.class, new TypeRef<List<String>>() { }.type());
        // String field with a length past the end.
        assertSerializationError(() -> decode(codec, new byte[] {(1 << 3) | 2, 100, 'a'}));
        // Wire-type mismatch: varint where a string is declared.
        assertSerializationError(() -> decode(codec, new byte[] {(1 << 3), 1}));
        // Group that never ends.
        assertSerializationError(() -> decode(codec, new byte[] {(2 << 3) | 3, (1 << 3) | 2, 1, 'a'}));
        // End-group at top level.
        assertSerializationError(() -> decode(codec, new byte[] {(1 << 3) | 4}));
        // Invalid wire type 7 and field number 0.
        assertSerializationError(() -> decode(codec, new byte[] {(3 << 3) | 7}));
        assertSerializationError(() -> decode(codec, new byte[] {0}));
        // Unterminated varint.
        assertSerializationError(() -> decode(codec, new byte[] {(3 << 3), (byte) 0x80, (byte) 0x80}));
        // Unknown top-level fields are skipped.
        assertThat(decode(codec, new byte[] {(9 << 3), 1})).containsExactly(null, null);
    }

    @Test
    void errorsDoNotQuoteReceivedValues() {
        TupleCodec strings = serializer().tupleCodec(String.class);
        byte[] bytes = encode(strings, "SECRET-1E+99999999999");
        assertThatThrownBy(() -> decode(serializer().tupleCodec(BigDecimal.class), bytes))
                .isInstanceOf(RpcException.class).message().doesNotContain("SECRET");
        assertThatThrownBy(() -> decode(serializer().tupleCodec(ZoneId.class), bytes))
                .isInstanceOf(RpcException.class).message().doesNotContain("SECRET");
    }

    @Test
    void decodeDoesNotReleaseOrMoveTheWriterIndex() {
        TupleCodec codec = serializer().tupleCodec(String.class);
        io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer();
        try {
            codec.encode(new Object[] {"x"}, buf);
            int writerIndex = buf.writerIndex();
            assertThat(codec.decode(buf)).containsExactly("x");
            assertThat(buf.refCnt()).isEqualTo(1);
            assertThat(buf.writerIndex()).isEqualTo(writerIndex);
        } finally {
            buf.release();
        }
    }
}
