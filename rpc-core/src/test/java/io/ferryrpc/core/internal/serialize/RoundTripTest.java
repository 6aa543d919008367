package io.ferryrpc.core.internal.serialize;

import static io.ferryrpc.core.internal.serialize.SerTestSupport.roundTrip;
import static io.ferryrpc.core.internal.serialize.SerTestSupport.serializer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.ferryrpc.core.internal.serialize.SerTestSupport.TypeRef;
import io.ferryrpc.core.spi.Serializer;
import io.ferryrpc.core.spi.TupleCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(30)
class RoundTripTest {

    enum Color { RED, GREEN, BLUE { @Override public String toString() { return "blue!"; } } }

    static Serializer allowingTests() {
        return serializer(List.of(RoundTripTest.class.getPackageName() + "."));
    }

    static Stream<Arguments> scalars() {
        ZonedDateTime parisOverlap = ZonedDateTime.ofLocal(LocalDateTime.of(2023, 10, 29, 2, 30, 15, 123_456_789),
                ZoneId.of("Europe/Paris"), ZoneOffset.ofHours(1));
        return Stream.of(
                arguments(int.class, 42), arguments(int.class, Integer.MIN_VALUE), arguments(Integer.class, -7),
                arguments(long.class, Long.MAX_VALUE), arguments(Long.class, Long.MIN_VALUE),
                arguments(short.class, (short) -300), arguments(Short.class, Short.MAX_VALUE),
                arguments(byte.class, (byte) -128), arguments(Byte.class, (byte) 127),
                arguments(char.class, '\uffff'), arguments(Character.class, 'x'),
                arguments(float.class, 1.5f), arguments(Float.class, Float.NaN), arguments(float.class, -0.0f),
                arguments(double.class, Math.PI), arguments(Double.class, Double.NEGATIVE_INFINITY),
                arguments(boolean.class, true), arguments(Boolean.class, false),
                arguments(String.class, "héllo wörld ✓"), arguments(String.class, ""),
                arguments(byte[].class, new byte[] {1, 2, -3}), arguments(byte[].class, new byte[0]),
                arguments(Color.class, Color.GREEN), arguments(Color.class, Color.BLUE),
                arguments(BigDecimal.class, new BigDecimal("1.10")),
                arguments(BigDecimal.class, new BigDecimal("-123456789012345678901234567890.000")),
                arguments(BigDecimal.class, new BigDecimal("1E+5")),
                arguments(BigInteger.class, new BigInteger("-98765432109876543210987654321")),
                arguments(BigInteger.class, BigInteger.ZERO),
                arguments(UUID.class, UUID.randomUUID()),
                arguments(Date.class, new Date(1_700_000_000_123L)),
                arguments(Instant.class, Instant.ofEpochSecond(1_700_000_000L, 123_456_789)),
                arguments(Instant.class, Instant.ofEpochSecond(-5L, 1)),
                arguments(LocalDate.class, LocalDate.of(1969, 7, 20)),
                arguments(LocalTime.class, LocalTime.of(23, 59, 59, 999_999_999)),
                arguments(LocalDateTime.class, LocalDateTime.of(2024, 2, 29, 12, 0, 1, 5)),
                arguments(Duration.class, Duration.ofSeconds(-3, 7)),
                arguments(Period.class, Period.of(1, -2, 30)),
                arguments(ZoneId.class, ZoneId.of("Europe/Paris")), arguments(ZoneId.class, ZoneOffset.ofHours(-3)),
                arguments(ZoneId.class, ZoneId.of("UTC")),
                arguments(ZoneOffset.class, ZoneOffset.ofHoursMinutes(5, 30)),
                arguments(OffsetDateTime.class, OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 6, ZoneOffset.ofHours(9))),
                arguments(ZonedDateTime.class, parisOverlap),
                arguments(ZonedDateTime.class, parisOverlap.withEarlierOffsetAtOverlap()),
                arguments(ZonedDateTime.class, ZonedDateTime.of(2024, 5, 6, 7, 8, 9, 10, ZoneOffset.UTC)),
                arguments(Year.class, Year.of(-44)), arguments(YearMonth.class, YearMonth.of(2024, 12)),
                arguments(MonthDay.class, MonthDay.of(2, 29)),
                arguments(DayOfWeek.class, DayOfWeek.SUNDAY), arguments(Month.class, Month.MARCH));
    }

    @ParameterizedTest
    @MethodSource("scalars")
    void scalarRoundTripsExactly(Type type, Object value) {
        Object decoded = roundTrip(type, value);
        assertThat(decoded).isEqualTo(value).hasSameClassAs(value);
    }

    @ParameterizedTest
    @MethodSource("scalars")
    void nullRoundTripsAsNullOrZero(Type type, Object value) {
        Object decoded = roundTrip(type, null);
        if (type instanceof Class<?> c && c.isPrimitive()) {
            assertThat(decoded).isNotNull();
        } else {
            assertThat(decoded).isNull();
        }
    }

    @ParameterizedTest
    @MethodSource("scalars")
    void scalarAsObjectRoundTripsExactly(Type type, Object value) {
        Object decoded = roundTrip(allowingTests(), Object.class, value);
        assertThat(decoded).isEqualTo(value).hasSameClassAs(value);
    }

    @Test
    void zonedDateTimeKeepsZoneAndOffset() {
        ZonedDateTime later = ZonedDateTime.ofLocal(LocalDateTime.of(2023, 10, 29, 2, 30), ZoneId.of("Europe/Paris"),
                ZoneOffset.ofHours(1));
        ZonedDateTime decoded = (ZonedDateTime) roundTrip(ZonedDateTime.class, later);
        assertThat(decoded.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(decoded.getOffset()).isEqualTo(ZoneOffset.ofHours(1));
        ZonedDateTime earlier = (ZonedDateTime) roundTrip(ZonedDateTime.class, later.withEarlierOffsetAtOverlap());
        assertThat(earlier.getOffset()).isEqualTo(ZoneOffset.ofHours(2));
    }

    @Test
    void bigDecimalKeepsScale() {
        BigDecimal decoded = (BigDecimal) roundTrip(BigDecimal.class, new BigDecimal("1.10"));
        assertThat(decoded.scale()).isEqualTo(2);
        assertThat(decoded.toString()).isEqualTo("1.10");
    }

    @Test
    void instantKeepsNanos() {
        Instant decoded = (Instant) roundTrip(Instant.class, Instant.ofEpochSecond(10, 999_999_999));
        assertThat(decoded.getNano()).isEqualTo(999_999_999);
    }

    @Test
    void primitivesAndVoidDecodeToZeroAndNull() {
        TupleCodec codec = serializer().tupleCodec(int.class, long.class, boolean.class, double.class, char.class,
                void.class, Void.class, String.class);
        Object[] decoded = roundTrip(codec, null, null, null, null, null, null, null, null);
        assertThat(decoded).containsExactly(0, 0L, false, 0.0d, '\0', null, null, null);
        assertThat(roundTrip(serializer().tupleCodec(), new Object[0])).isEmpty();
        assertThat(roundTrip(serializer().tupleCodec(void.class), new Object[] {null})).containsExactly((Object) null);
    }

    @Test
    void severalArgumentsIncludingNulls() {
        TupleCodec codec = serializer().tupleCodec(String.class, int.class, new TypeRef<List<String>>() { }.type(),
                BigDecimal.class);
        Object[] decoded = roundTrip(codec, "a", 3, null, new BigDecimal("2.500"));
        assertThat(decoded).containsExactly("a", 3, null, new BigDecimal("2.500"));
    }

    static Stream<Arguments> collections() {
        List<String> withNull = new ArrayList<>(Arrays.asList("a", null, "c"));
        Map<String, Integer> mapWithNulls = new LinkedHashMap<>();
        mapWithNulls.put("z", 1);
        mapWithNulls.put(null, 2);
        mapWithNulls.put("a", null);
        return Stream.of(
                arguments(new TypeRef<List<String>>() { }.type(), withNull, ArrayList.class),
                arguments(new TypeRef<List<String>>() { }.type(), new ArrayList<>(), ArrayList.class),
                arguments(new TypeRef<Collection<Integer>>() { }.type(), List.of(1, 2, 3), ArrayList.class),
                arguments(new TypeRef<Iterable<Integer>>() { }.type(), List.of(4), ArrayList.class),
                arguments(new TypeRef<ArrayList<Long>>() { }.type(), new ArrayList<>(List.of(1L)), ArrayList.class),
                arguments(new TypeRef<LinkedList<String>>() { }.type(), new LinkedList<>(withNull), LinkedList.class),
                arguments(new TypeRef<Set<String>>() { }.type(), new LinkedHashSet<>(List.of("q", "a", "m")),
                        LinkedHashSet.class),
                arguments(new TypeRef<HashSet<String>>() { }.type(), new HashSet<>(), LinkedHashSet.class),
                arguments(new TypeRef<SortedSet<String>>() { }.type(), new TreeSet<>(List.of("b", "a")), TreeSet.class),
                arguments(new TypeRef<TreeSet<Integer>>() { }.type(), new TreeSet<>(), TreeSet.class),
                arguments(new TypeRef<Queue<String>>() { }.type(), new ArrayDeque<>(List.of("x", "y")),
                        ArrayDeque.class),
                arguments(new TypeRef<Deque<String>>() { }.type(), new ArrayDeque<>(), ArrayDeque.class),
                arguments(new TypeRef<Map<String, Integer>>() { }.type(), mapWithNulls, LinkedHashMap.class),
                arguments(new TypeRef<Map<String, Integer>>() { }.type(), Map.of(), LinkedHashMap.class),
                arguments(new TypeRef<HashMap<Integer, String>>() { }.type(), new HashMap<>(Map.of(1, "one")),
                        LinkedHashMap.class),
                arguments(new TypeRef<NavigableMap<String, Integer>>() { }.type(), new TreeMap<>(Map.of("b", 2,
                        "a", 1)), TreeMap.class),
                arguments(new TypeRef<ConcurrentMap<String, Integer>>() { }.type(),
                        new ConcurrentHashMap<>(Map.of("k", 9)), ConcurrentHashMap.class),
                arguments(new TypeRef<List<List<Integer>>>() { }.type(), List.of(List.of(), List.of(1, 2)),
                        ArrayList.class),
                arguments(new TypeRef<Map<String, List<String>>>() { }.type(), Map.of("k", List.of()),
                        LinkedHashMap.class),
                arguments(new TypeRef<Optional<String>>() { }.type(), Optional.of("x"), Optional.class),
                arguments(new TypeRef<Optional<String>>() { }.type(), Optional.empty(), Optional.class),
                arguments(new TypeRef<Optional<List<String>>>() { }.type(), Optional.of(List.of()), Optional.class),
                arguments(List.class, List.of("raw", 1, new BigDecimal("1.0")), ArrayList.class),
                arguments(new TypeRef<List<?>>() { }.type(), List.of(LocalDate.of(2020, 1, 1)), ArrayList.class),
                arguments(new TypeRef<List<? extends Number>>() { }.type(), List.of(1, 2L), ArrayList.class));
    }

    @ParameterizedTest
    @MethodSource("collections")
    void collectionsRoundTripExactly(Type type, Object value, Class<?> expectedClass) {
        Object decoded = roundTrip(type, value);
        assertThat(decoded).isExactlyInstanceOf(expectedClass);
        if (value instanceof ArrayDeque<?> deque) {
            // ArrayDeque has no equals
            assertThat(new ArrayList<>((Collection<?>) decoded)).isEqualTo(new ArrayList<>(deque));
        } else {
            assertThat(decoded).isEqualTo(value);
        }
    }

    @Test
    void setKeepsOrder() {
        Set<String> set = new LinkedHashSet<>(List.of("q", "a", "m", "b"));
        @SuppressWarnings("unchecked")
        Set<String> decoded = (Set<String>) roundTrip(new TypeRef<Set<String>>() { }.type(), set);
        assertThat(decoded).containsExactly("q", "a", "m", "b");
    }

    @Test
    void mapValuesKeepDeclaredTypes() {
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        prices.put("a", new BigDecimal("1.10"));
        prices.put("b", new BigDecimal("100"));
        @SuppressWarnings("unchecked")
        Map<String, BigDecimal> decoded = (Map<String, BigDecimal>) roundTrip(
                new TypeRef<Map<String, BigDecimal>>() { }.type(), prices);
        assertThat(decoded).isEqualTo(prices);
        assertThat(decoded.get("a").scale()).isEqualTo(2);
    }

    @Test
    void objectMapValuesKeepTheirTypes() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("int", 1);
        map.put("long", 1L);
        map.put("short", (short) 1);
        map.put("decimal", new BigDecimal("1.10"));
        map.put("date", LocalDate.of(2020, 2, 2));
        map.put("zoned", ZonedDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneId.of("Asia/Tokyo")));
        map.put("list", List.of(1, "two"));
        map.put("set", Set.of("s"));
        map.put("nested", Map.of("x", 1.5d));
        map.put("ints", new int[] {1, 2});
        map.put("null", null);
        map.put("enum", DayOfWeek.MONDAY);
        map.put("uuid", new UUID(1, 2));
        map.put("optional", Optional.of("o"));
        @SuppressWarnings("unchecked")
        Map<String, Object> decoded = (Map<String, Object>) roundTrip(new TypeRef<Map<String, Object>>() { }.type(),
                map);
        assertThat(decoded).containsOnlyKeys(map.keySet());
        assertThat(decoded.get("int")).isEqualTo(1);
        assertThat(decoded.get("long")).isEqualTo(1L);
        assertThat(decoded.get("short")).isEqualTo((short) 1);
        assertThat(decoded.get("decimal")).isEqualTo(new BigDecimal("1.10"));
        assertThat(decoded.get("date")).isEqualTo(LocalDate.of(2020, 2, 2));
        assertThat(decoded.get("zoned")).isEqualTo(map.get("zoned"));
        assertThat(decoded.get("list")).isEqualTo(List.of(1, "two")).isInstanceOf(ArrayList.class);
        assertThat(decoded.get("set")).isEqualTo(Set.of("s")).isInstanceOf(LinkedHashSet.class);
        assertThat(decoded.get("nested")).isEqualTo(Map.of("x", 1.5d)).isInstanceOf(LinkedHashMap.class);
        assertThat(decoded.get("ints")).isEqualTo(new int[] {1, 2});
        assertThat(decoded.get("null")).isNull();
        assertThat(decoded.get("enum")).isEqualTo(DayOfWeek.MONDAY);
        assertThat(decoded.get("uuid")).isEqualTo(new UUID(1, 2));
        assertThat(decoded.get("optional")).isEqualTo(Optional.of("o"));
    }

    @Test
    void enumWithConstantBodyAsObject() {
        assertThat(roundTrip(allowingTests(), Object.class, Color.BLUE)).isSameAs(Color.BLUE);
    }

    static Stream<Arguments> arrays() {
        return Stream.of(
                arguments(int[].class, new int[] {1, -2, Integer.MAX_VALUE}), arguments(int[].class, new int[0]),
                arguments(long[].class, new long[] {Long.MIN_VALUE, 0}), arguments(short[].class, new short[] {-1}),
                arguments(char[].class, new char[] {'a', '\u0000'}), arguments(float[].class, new float[] {1.5f}),
                arguments(double[].class, new double[] {2.5, -0.0}), arguments(boolean[].class,
                        new boolean[] {true, false, true}),
                arguments(long[].class, new long[100]),
                arguments(String[].class, new String[] {"a", null, ""}), arguments(String[].class, new String[0]),
                arguments(Integer[].class, new Integer[] {null, 1}),
                arguments(Object[].class, new Object[] {1, "x", null, new BigDecimal("3.30")}),
                arguments(BigDecimal[][].class, new BigDecimal[][] {{new BigDecimal("1.0")}, {}, null}),
                arguments(new TypeRef<List<String>[]>() { }.type(), new List<?>[] {List.of("a"), null}),
                arguments(Color[].class, new Color[] {Color.RED, Color.BLUE}));
    }

    @ParameterizedTest
    @MethodSource("arrays")
    void arraysRoundTripExactly(Type type, Object value) {
        Object decoded = roundTrip(type, value);
        assertThat(decoded).hasSameClassAs(value).isEqualTo(value);
    }

    // ---- records and POJOs

    record Money(BigDecimal amount, String currency) {
    }

    record Line(String sku, int quantity, Money price, List<String> tags) {
    }

    record Order(long id, List<Line> lines, Map<String, Money> totals, Optional<String> note, Color color,
            Instant created) {
    }

    record Pair<A, B>(A first, B second) {
    }

    record Validated(int value) {
        Validated {
            if (value < 0) {
                throw new IllegalArgumentException("negative");
            }
        }
    }

    static class Base {
        protected String baseName;
        private final int baseNumber;

        Base(String baseName, int baseNumber) {
            this.baseName = baseName;
            this.baseNumber = baseNumber;
        }

        int baseNumber() {
            return baseNumber;
        }
    }

    /** No no-arg constructor, final fields, a superclass. */
    static final class Customer extends Base {
        private final String email;
        private final long points;
        private transient String cache = "transient";
        private static String ignored = "static";
        private final char grade;
        private final boolean active;
        private final byte level;
        private final short rank;
        private final float ratio;
        private final double score;
        private final List<String> aliases;

        Customer(String name, int number, String email, long points, char grade, boolean active, byte level,
                short rank, float ratio, double score, List<String> aliases) {
            super(name, number);
            this.email = email;
            this.points = points;
            this.grade = grade;
            this.active = active;
            this.level = level;
            this.rank = rank;
            this.ratio = ratio;
            this.score = score;
            this.aliases = aliases;
        }
    }

    static class WithDefaults {
        List<String> items = new ArrayList<>(List.of("default"));
        int count = 5;
        transient String initialized;

        WithDefaults() {
            initialized = "ctor";
        }
    }

    static class Page<T> {
        List<T> items;
        T first;
        int total;
    }

    static class User {
        String name;
        Page<String> nested;
    }

    static class Node {
        String name;
        Node next;
        List<Node> kids = new ArrayList<>();
    }

    static class IntBox<N extends Number> extends Page<N> {
        N extra;
    }

    @Test
    void recordsRoundTrip() {
        Order order = new Order(7L, List.of(new Line("sku-1", 2, new Money(new BigDecimal("9.90"), "EUR"),
                List.of("a")), new Line(null, 0, null, List.of())),
                Map.of("net", new Money(new BigDecimal("19.80"), "EUR")), Optional.empty(), Color.RED,
                Instant.ofEpochSecond(1, 2));
        assertThat(roundTrip(Order.class, order)).isEqualTo(order);
        Order nullish = new Order(0L, null, null, null, null, null);
        assertThat(roundTrip(Order.class, nullish)).isEqualTo(nullish);
    }

    @Test
    void genericRecord() {
        Type type = new TypeRef<Pair<String, List<BigDecimal>>>() { }.type();
        Pair<String, List<BigDecimal>> pair = new Pair<>("x", List.of(new BigDecimal("1.00")));
        assertThat(roundTrip(type, pair)).isEqualTo(pair);
    }

    @Test
    void recordConstructorFailureIsSerializationError() {
        Serializer s = serializer();
        // Encode an Integer-shaped record with a negative value through another record type of the same shape.
        record Unchecked(int value) {
        }
        byte[] bytes = SerTestSupport.encode(s.tupleCodec(Unchecked.class), new Unchecked(-1));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> SerTestSupport.decode(s.tupleCodec(Validated.class), bytes))
                .isInstanceOfSatisfying(io.ferryrpc.api.RpcException.class,
                        e -> assertThat(e.code()).isEqualTo(io.ferryrpc.api.RpcException.Code.SERIALIZATION))
                .hasMessageContaining(Validated.class.getName());
    }

    @Test
    void pojoWithoutNoArgConstructor() {
        Customer customer = new Customer("ann", 3, "a@b.c", 1234567890123L, 'A', true, (byte) -1, (short) 300, 0.5f,
                -2.25, List.of("annie"));
        Object decoded = roundTrip(Customer.class, customer);
        assertThat(decoded).isExactlyInstanceOf(Customer.class);
        assertThat(decoded).usingRecursiveComparison().ignoringFields("cache").isEqualTo(customer);
        assertThat(((Customer) decoded).cache).isNull();
        assertThat(((Customer) decoded).baseNumber()).isEqualTo(3);
    }

    @Test
    void pojoWithNoArgConstructorKeepsNullsAndRunsConstructor() {
        WithDefaults value = new WithDefaults();
        value.items = null;
        value.count = 0;
        WithDefaults decoded = (WithDefaults) roundTrip(WithDefaults.class, value);
        assertThat(decoded.items).isNull();
        assertThat(decoded.count).isZero();
        assertThat(decoded.initialized).isEqualTo("ctor");
        WithDefaults empty = new WithDefaults();
        empty.items = new ArrayList<>();
        assertThat(((WithDefaults) roundTrip(WithDefaults.class, empty)).items).isEmpty();
    }

    @Test
    void genericPojoResolvesTypeVariables() {
        Page<User> page = new Page<>();
        User user = new User();
        user.name = "u";
        user.nested = new Page<>();
        user.nested.items = List.of("s");
        page.items = List.of(user);
        page.first = user;
        page.total = 1;
        @SuppressWarnings("unchecked")
        Page<User> decoded = (Page<User>) roundTrip(new TypeRef<Page<User>>() { }.type(), page);
        assertThat(decoded.items).hasSize(1).first().isExactlyInstanceOf(User.class);
        assertThat(decoded.first).isExactlyInstanceOf(User.class);
        assertThat(decoded).usingRecursiveComparison().isEqualTo(page);

        IntBox<BigDecimal> box = new IntBox<>();
        box.items = List.of(new BigDecimal("1.50"));
        box.extra = new BigDecimal("2.0");
        @SuppressWarnings("unchecked")
        IntBox<BigDecimal> decodedBox = (IntBox<BigDecimal>) roundTrip(new TypeRef<IntBox<BigDecimal>>() { }.type(),
                box);
        assertThat(decodedBox.items).containsExactly(new BigDecimal("1.50"));
        assertThat(decodedBox.extra).isEqualTo(new BigDecimal("2.0"));
    }

    @Test
    void recursiveTypes() {
        Node root = new Node();
        root.name = "root";
        Node child = new Node();
        child.name = "child";
        root.kids.add(child);
        root.next = new Node();
        root.next.name = "next";
        root.next.kids = null;
        Node decoded = (Node) roundTrip(Node.class, root);
        assertThat(decoded).usingRecursiveComparison().isEqualTo(root);
        assertThat(decoded.next.kids).isNull();
        assertThat(decoded.kids.get(0).kids).isEmpty();
    }

    @Test
    void encodesAtWriterIndexAndDecodesDirectBuffers() {
        TupleCodec codec = serializer().tupleCodec(String.class, Order.class);
        Order order = new Order(1L, List.of(), Map.of(), Optional.of("n"), Color.GREEN, Instant.EPOCH);
        ByteBuf heap = Unpooled.buffer();
        ByteBuf direct = Unpooled.directBuffer();
        try {
            heap.writeInt(0xCAFEBABE);
            codec.encode(new Object[] {"s", order}, heap);
            assertThat(heap.getInt(0)).isEqualTo(0xCAFEBABE);
            heap.skipBytes(4);
            direct.writeBytes(heap, heap.readerIndex(), heap.readableBytes());
            assertThat(codec.decode(heap)).containsExactly("s", order);
            assertThat(codec.decode(direct)).containsExactly("s", order);
            assertThat(direct.refCnt()).isEqualTo(1);
        } finally {
            heap.release();
            direct.release();
        }
    }

    @Test
    void knownTypesAreTheReachableDeclaredTypes() {
        ProtostuffSerializer s = (ProtostuffSerializer) serializer();
        s.tupleCodec(Order.class);
        assertThat(s.knownTypes()).contains(Order.class.getName(), Line.class.getName(), Money.class.getName(),
                Color.class.getName());
    }

    @Test
    void concurrentUse() throws Exception {
        Serializer s = serializer();
        Type type = new TypeRef<Map<String, List<Money>>>() { }.type();
        Map<String, List<Money>> value = Map.of("k", List.of(new Money(new BigDecimal("1.0"), "X")));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 500; i++) {
                        assertThat(roundTrip(s, type, value)).isEqualTo(value);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
    }
}
