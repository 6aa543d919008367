package io.ferryrpc.core.internal.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.fixtures.TripwireFlag;
import io.ferryrpc.core.spi.SerializationConfig;
import io.ferryrpc.core.spi.Serializer;
import io.ferryrpc.core.spi.TupleCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Serializer checks written against the SPI alone, as the core uses it. */
@Timeout(30)
class EndToEndCodecTest {

    /** A generic holder whose field types come from the declared type arguments. */
    public static final class Page<T> {
        List<T> items;
        int number;

        Page(List<T> items, int number) {
            this.items = items;
            this.number = number;
        }
    }

    /** A recursive type. */
    public static final class Node {
        String name;
        Node next;
    }

    /** A record with a polymorphic component. */
    public record Envelope(String kind, Object payload) {}

    /** A type the allow list will name. */
    public record Allowed(int value) {}

    private static Serializer serializer(String... allowed) {
        return new ProtostuffSerializerFactory().create(
                new SerializationConfig(EndToEndCodecTest.class.getClassLoader(), List.of(allowed), 8, 100));
    }

    private static Object roundTrip(Serializer serializer, Type type, Object value) {
        TupleCodec codec = serializer.tupleCodec(type);
        ByteBuf buf = Unpooled.buffer();
        try {
            codec.encode(new Object[] {value}, buf);
            return codec.decode(buf)[0];
        } finally {
            buf.release();
        }
    }

    private static Object roundTrip(Type type, Object value) {
        return roundTrip(serializer(), type, value);
    }

    @Test
    void scalarsAndJavaTimeRoundTripExactly() {
        ZonedDateTime overlap = ZonedDateTime.of(LocalDateTime.of(2023, 10, 29, 2, 30), ZoneId.of("Europe/Paris"))
                .withLaterOffsetAtOverlap();
        Object[][] cases = {
            {int.class, -5}, {long.class, Long.MIN_VALUE}, {double.class, 1.5d}, {char.class, 'é'},
            {Boolean.class, true}, {String.class, "héllo"}, {byte[].class, new byte[] {1, 2}},
            {BigDecimal.class, new BigDecimal("1.10")}, {BigDecimal.class, new BigDecimal("1E+3")},
            {BigInteger.class, new BigInteger("-123456789012345678901234567890")},
            {Instant.class, Instant.ofEpochSecond(-5, 999_999_999)}, {LocalDate.class, LocalDate.of(1, 1, 1)},
            {LocalTime.class, LocalTime.of(23, 59, 59, 1)}, {LocalDateTime.class, LocalDateTime.of(2020, 2, 29, 1, 2)},
            {Duration.class, Duration.ofNanos(-1)}, {ZonedDateTime.class, overlap},
            {OffsetDateTime.class, OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 5, ZoneOffset.ofHours(-3))},
            {ZoneId.class, ZoneId.of("Asia/Tokyo")}, {UUID.class, UUID.randomUUID()}, {Date.class, new Date(5)},
            {java.time.DayOfWeek.class, java.time.DayOfWeek.FRIDAY},
        };
        for (Object[] c : cases) {
            Object back = roundTrip((Type) c[0], c[1]);
            if (c[1] instanceof byte[] bytes) {
                assertThat((byte[]) back).containsExactly(bytes);
            } else {
                assertThat(back).as("%s", c[0]).isEqualTo(c[1]);
            }
        }
        assertThat(((BigDecimal) roundTrip(BigDecimal.class, new BigDecimal("1.10"))).scale()).isEqualTo(2);
        assertThat(((ZonedDateTime) roundTrip(ZonedDateTime.class, overlap)).getOffset())
                .isEqualTo(overlap.getOffset());
        assertThat(roundTrip(int.class, null)).isEqualTo(0);
        assertThat(roundTrip(Integer.class, null)).isNull();
    }

    @Test
    void containersKeepEmptinessNullsOrderAndDeclaredValueTypes() throws Exception {
        Type listOfStrings = getClass().getDeclaredMethod("listOfStrings").getGenericReturnType();
        Type mapOfDecimals = getClass().getDeclaredMethod("mapOfDecimals").getGenericReturnType();
        Type pageOfDates = getClass().getDeclaredMethod("pageOfDates").getGenericReturnType();
        Type optionalString = getClass().getDeclaredMethod("optionalString").getGenericReturnType();

        assertThat(roundTrip(listOfStrings, List.of())).isEqualTo(List.of()).isInstanceOf(ArrayList.class);
        List<String> withNull = new ArrayList<>(List.of("a", "b"));
        withNull.add(1, null);
        assertThat(roundTrip(listOfStrings, withNull)).isEqualTo(withNull);
        Map<String, BigDecimal> decimals = new LinkedHashMap<>();
        decimals.put("z", new BigDecimal("2.50"));
        decimals.put("a", null);
        @SuppressWarnings("unchecked")
        Map<String, BigDecimal> back = (Map<String, BigDecimal>) roundTrip(mapOfDecimals, decimals);
        assertThat(back).isEqualTo(decimals);
        assertThat(back.keySet()).containsExactly("z", "a");
        assertThat(back.get("z").scale()).isEqualTo(2);
        assertThat(roundTrip(Set.class, Set.of())).isEqualTo(Set.of());
        assertThat(roundTrip(TreeSet.class, new TreeSet<>(List.of(3, 1)))).isEqualTo(new TreeSet<>(List.of(1, 3)));
        assertThat(roundTrip(ArrayDeque.class, new ArrayDeque<>(List.of(1)))).isInstanceOf(ArrayDeque.class);
        assertThat(roundTrip(TreeMap.class, new TreeMap<>(Map.of("k", 1)))).isEqualTo(Map.of("k", 1));
        assertThat((int[]) roundTrip(int[].class, new int[] {1, -2})).containsExactly(1, -2);
        assertThat((String[]) roundTrip(String[].class, new String[] {"x", null})).containsExactly("x", null);
        assertThat(roundTrip(optionalString, Optional.empty())).isEqualTo(Optional.empty());
        assertThat(roundTrip(optionalString, Optional.of("v"))).isEqualTo(Optional.of("v"));

        Page<LocalDate> page = new Page<>(List.of(LocalDate.of(2024, 1, 2)), 3);
        @SuppressWarnings("unchecked")
        Page<LocalDate> pageBack = (Page<LocalDate>) roundTrip(pageOfDates, page);
        assertThat(pageBack.items).containsExactly(LocalDate.of(2024, 1, 2));
        assertThat(pageBack.number).isEqualTo(3);
    }

    List<String> listOfStrings() {
        return null;
    }

    Map<String, BigDecimal> mapOfDecimals() {
        return null;
    }

    Page<LocalDate> pageOfDates() {
        return null;
    }

    Optional<String> optionalString() {
        return null;
    }

    @Test
    void recursiveTypesAndDepthLimit() {
        Node head = new Node();
        head.name = "a";
        head.next = new Node();
        head.next.name = "b";
        Node back = (Node) roundTrip(Node.class, head);
        assertThat(back.next.name).isEqualTo("b");
        assertThat(back.next.next).isNull();

        Node deep = new Node();
        Node cursor = deep;
        for (int i = 0; i < 20; i++) {
            cursor.next = new Node();
            cursor = cursor.next;
        }
        assertThatThrownBy(() -> roundTrip(Node.class, deep))
                .isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.code()).isEqualTo(RpcException.Code.SERIALIZATION))
                .hasMessageContaining("maxDepth 8");
    }

    @Test
    void collectionsLargerThanTheLimitAreRefused() {
        List<Integer> big = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            big.add(i);
        }
        assertThatThrownBy(() -> roundTrip(List.class, big))
                .isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.code()).isEqualTo(RpcException.Code.SERIALIZATION))
                .hasMessageContaining("maxCollectionSize 100");
    }

    @Test
    void polymorphicValuesNeedAnAllowedTypeAndNothingElseIsLoaded() {
        Serializer sender = serializer("io.ferryrpc.core.");
        TupleCodec senderCodec = sender.tupleCodec(Envelope.class);
        ByteBuf bytes = Unpooled.buffer();
        try {
            senderCodec.encode(new Object[] {new Envelope("x", new Allowed(7))}, bytes);
            // The sender allowed the type; a receiver with the default allow list does not know it.
            ByteBuf copy = bytes.copy();
            try {
                assertThatThrownBy(() -> serializer().tupleCodec(Envelope.class).decode(copy))
                        .isInstanceOfSatisfying(RpcException.class,
                                e -> assertThat(e.code()).isEqualTo(RpcException.Code.SERIALIZATION))
                        .hasMessageContaining("type not allowed: " + Allowed.class.getName());
            } finally {
                copy.release();
            }
            Envelope back = (Envelope) serializer(Allowed.class.getName()).tupleCodec(Envelope.class)
                    .decode(bytes)[0];
            assertThat(back.payload()).isEqualTo(new Allowed(7));
        } finally {
            bytes.release();
        }
        assertThat(roundTrip(Envelope.class, new Envelope("list", List.of(1, "two"))))
                .isEqualTo(new Envelope("list", List.of(1, "two")));
    }

    @Test
    void aGadgetClassNameIsRefusedBeforeItIsLoaded() {
        // Encode an allowed value, then rename its type on the wire to the tripwire class (same length name).
        String real = Allowed.class.getName();
        String gadget = "io.ferryrpc.core.fixtures.Tripwire";
        String padded = gadget + "x".repeat(Math.max(0, real.length() - gadget.length()));
        Serializer sender = serializer(real);
        ByteBuf bytes = Unpooled.buffer();
        try {
            sender.tupleCodec(Object.class).encode(new Object[] {new Allowed(1)}, bytes);
            byte[] raw = new byte[bytes.readableBytes()];
            bytes.getBytes(0, raw);
            String text = new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .replace(real, padded.substring(0, real.length()));
            ByteBuf forged = Unpooled.wrappedBuffer(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            try {
                assertThatThrownBy(() -> serializer("io.ferryrpc.core.internal.").tupleCodec(Object.class)
                        .decode(forged))
                        .isInstanceOfSatisfying(RpcException.class,
                                e -> assertThat(e.code()).isEqualTo(RpcException.Code.SERIALIZATION))
                        .hasMessageContaining("type not allowed");
            } finally {
                forged.release();
            }
        } finally {
            bytes.release();
        }
        assertThat(TripwireFlag.TRIPPED).isFalse();
    }

    @Test
    void garbageAndTruncationAreSerializationErrors() {
        TupleCodec codec = serializer().tupleCodec(Node.class, String.class);
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            ByteBuf buf = Unpooled.wrappedBuffer(junk);
            try {
                codec.decode(buf);
            } catch (RpcException e) {
                assertThat(e.code()).isEqualTo(RpcException.Code.SERIALIZATION);
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void unsupportedTypesFailAtDefinitionTime() {
        assertThatThrownBy(() -> serializer().tupleCodec(Thread.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Thread");
    }
}
