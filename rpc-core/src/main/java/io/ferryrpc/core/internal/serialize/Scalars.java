package io.ferryrpc.core.internal.serialize;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Codecs of Ferry's built-in value types: primitives and boxes, strings, bytes, big numbers, java.time, UUID. */
final class Scalars {

    private Scalars() {
    }

    /** A value written as one scalar field. */
    abstract static class ScalarCodec extends Codec {
        private final String name;
        private final Object zero;

        ScalarCodec(int wireType, Class<?> type, Object zero) {
            super(wireType);
            this.name = type.getName();
            this.zero = zero;
        }

        @Override
        Object absentValue() {
            return zero;
        }

        @Override
        String typeName() {
            return name;
        }
    }

    static final class BoolCodec extends ScalarCodec {
        BoolCodec(Class<?> type, Object zero) {
            super(WIRE_VARINT, type, zero);
        }

        @Override
        void write(Enc enc, int field, Object value) throws IOException {
            enc.out.writeBool(field, (Boolean) value, false);
        }

        @Override
        Object read(Dec dec) throws IOException {
            return dec.in.readBool();
        }
    }

    static final class ByteCodec extends ScalarCodec {
        ByteCodec(Class<?> type, Object zero) {
            super(WIRE_VARINT, type, zero);
        }

        @Override
        void write(Enc enc, int field, Object value) throws IOException {
            enc.out.writeSInt32(field, (Byte) value, false);
        }

        @Override
        Object read(Dec dec) throws IOException {
            return (byte) dec.in.readSInt32();
        }
    }

    static final class ShortCodec extends ScalarCodec {
        ShortCodec(Class<?> type, Object zero) {
            super(WIRE_VARINT, type, zero);
        }

        @Override
        void write(Enc enc, int field, Object value) throws IOException {
            enc.out.writeSInt32(field, (Short) value, false);
        }

        @Override
        Object read(Dec dec) throws IOException {
            return (short) dec.in.readSInt32();
        }
    }

    static final class IntCodec extends ScalarCodec {
        IntCodec(Class<?> type, Object zero) {
            super(WIRE_VARINT, type, zero);
        }

        @Override
        void write(Enc enc, int field, Object value) throws IOException {
            enc.out.writeSInt32(field, (Integer) value, false);
        }

        @Override
        Object read(Dec dec) throws IOException {
            return dec.in.readSInt32();
        }
    }

    static final class LongCodec extends ScalarCodec {
        LongCodec(Class<?> type, Object zero) {
            super(WIRE_VARINT, type, zero);
        }

        @Override
        void write(Enc enc, int field, Object value) throws IOException {
            enc.out.writeSInt64(field, (Long) value, false);
        }

        @Override
        Object read(Dec dec) throws IOException {
            return dec.in.readSInt64();
        }
    }

    static final class CharCodec extends ScalarCodec {
        CharCodec(Class<?> type, Object zero) {
            super(WIRE_VARINT, type, zero);
        }

        @Override
        void write(Enc enc, int field, Object value) throws IOException {
            enc.out.writeUInt32(field, (Character) value, false);
        }

        @Override
        Object read(Dec dec) throws IOException {
            return (char) dec.in.readUInt32();
        }
    }

    static final class FloatCodec extends ScalarCodec {
        FloatCodec(Class<?> type, Object zero) {
            super(WIRE_FIXED32, type, zero);
        }

        @Override
        void write(Enc enc, int field, Object value) throws IOException {
            enc.out.writeFloat(field, (Float) value, false);
        }

        @Override
        Object read(Dec dec) throws IOException {
            return dec.in.readFloat();
        }
    }

    static final class DoubleCodec extends ScalarCodec {
        DoubleCodec(Class<?> type, Object zero) {
            super(WIRE_FIXED64, type, zero);
        }

        @Override
        void write(Enc enc, int field, Object value) throws IOException {
            enc.out.writeDouble(field, (Double) value, false);
        }

        @Override
        Object read(Dec dec) throws IOException {
            return dec.in.readDouble();
        }
    }

    static final ScalarCodec BOOLEAN = new BoolCodec(Boolean.class, null);
    static final ScalarCodec BOOLEAN_P = new BoolCodec(boolean.class, false);
    static final ScalarCodec BYTE = new ByteCodec(Byte.class, null);
    static final ScalarCodec BYTE_P = new ByteCodec(byte.class, (byte) 0);
    static final ScalarCodec SHORT = new ShortCodec(Short.class, null);
    static final ScalarCodec SHORT_P = new ShortCodec(short.class, (short) 0);
    static final ScalarCodec INT = new IntCodec(Integer.class, null);
    static final ScalarCodec INT_P = new IntCodec(int.class, 0);
    static final ScalarCodec LONG = new LongCodec(Long.class, null);
    static final ScalarCodec LONG_P = new LongCodec(long.class, 0L);
    static final ScalarCodec CHAR = new CharCodec(Character.class, null);
    static final ScalarCodec CHAR_P = new CharCodec(char.class, (char) 0);
    static final ScalarCodec FLOAT = new FloatCodec(Float.class, null);
    static final ScalarCodec FLOAT_P = new FloatCodec(float.class, 0f);
    static final ScalarCodec DOUBLE = new DoubleCodec(Double.class, null);
    static final ScalarCodec DOUBLE_P = new DoubleCodec(double.class, 0d);

    static final ScalarCodec STRING = new ScalarCodec(Codec.WIRE_LENGTH_DELIMITED, String.class, null) {
        @Override
        void write(Enc enc, int field, Object value) throws IOException {
            enc.out.writeString(field, (String) value, false);
        }

        @Override
        Object read(Dec dec) throws IOException {
            return dec.in.readString();
        }
    };

    static final ScalarCodec BYTES = new ScalarCodec(Codec.WIRE_LENGTH_DELIMITED, byte[].class, null) {
        @Override
        void write(Enc enc, int field, Object value) throws IOException {
            enc.out.writeByteArray(field, (byte[]) value, false);
        }

        @Override
        Object read(Dec dec) throws IOException {
            return dec.in.readByteArray();
        }
    };

    /** Two's complement big-endian bytes, as {@link BigInteger#toByteArray()}. */
    static final ScalarCodec BIG_INTEGER = new ScalarCodec(Codec.WIRE_LENGTH_DELIMITED, BigInteger.class, null) {
        @Override
        void write(Enc enc, int field, Object value) throws IOException {
            enc.out.writeByteArray(field, ((BigInteger) value).toByteArray(), false);
        }

        @Override
        Object read(Dec dec) throws IOException {
            byte[] bytes = dec.in.readByteArray();
            if (bytes.length == 0) {
                throw Errors.serialization("Malformed input: empty java.math.BigInteger");
            }
            return new BigInteger(bytes);
        }
    };

    /**
     * Longest {@link BigDecimal} text accepted either way. Parsing decimal digits takes time quadratic in their
     * number (17 s for a million digits), so a frame full of digits would hold a thread for minutes; 10,000 take
     * about 10 ms.
     */
    static final int MAX_BIG_DECIMAL_CHARS = 10_000;

    /** {@link BigDecimal#toString()}, which {@code new BigDecimal(String)} turns back into the same scale. */
    static final ScalarCodec BIG_DECIMAL = new ScalarCodec(Codec.WIRE_LENGTH_DELIMITED, BigDecimal.class, null) {
        @Override
        void write(Enc enc, int field, Object value) throws IOException {
            String text = value.toString();
            if (text.length() > MAX_BIG_DECIMAL_CHARS) {
                throw Errors.serialization("A java.math.BigDecimal of " + text.length() + " characters is over the "
                        + "limit of " + MAX_BIG_DECIMAL_CHARS);
            }
            enc.out.writeString(field, text, false);
        }

        @Override
        Object read(Dec dec) throws IOException {
            // The length prefix is peeked so that an over-long text is refused before it is copied.
            String text = dec.readString(MAX_BIG_DECIMAL_CHARS, "java.math.BigDecimal");
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw Errors.serialization("Malformed input: not a java.math.BigDecimal");
            }
        }
    };

    /** Milliseconds since the epoch (sint64). */
    static final ScalarCodec DATE = new ScalarCodec(Codec.WIRE_VARINT, Date.class, null) {
        @Override
        void write(Enc enc, int field, Object value) throws IOException {
            enc.out.writeSInt64(field, ((Date) value).getTime(), false);
        }

        @Override
        Object read(Dec dec) throws IOException {
            return new Date(dec.in.readSInt64());
        }
    };

    /** Epoch day (sint64). */
    static final ScalarCodec LOCAL_DATE = new ScalarCodec(Codec.WIRE_VARINT, LocalDate.class, null) {
        @Override
        void write(Enc enc, int field, Object value) throws IOException {
            enc.out.writeSInt64(field, ((LocalDate) value).toEpochDay(), false);
        }

        @Override
        Object read(Dec dec) throws IOException {
            return LocalDate.ofEpochDay(dec.in.readSInt64());
        }
    };

    /** Nano of day (int64). */
    static final ScalarCodec LOCAL_TIME = new ScalarCodec(Codec.WIRE_VARINT, LocalTime.class, null) {
        @Override
        void write(Enc enc, int field, Object value) throws IOException {
            enc.out.writeInt64(field, ((LocalTime) value).toNanoOfDay(), false);
        }

        @Override
        Object read(Dec dec) throws IOException {
            return LocalTime.ofNanoOfDay(dec.in.readInt64());
        }
    };

    /** Total offset seconds (sint32). */
    static final ScalarCodec ZONE_OFFSET = new ScalarCodec(Codec.WIRE_VARINT, ZoneOffset.class, null) {
        @Override
        void write(Enc enc, int field, Object value) throws IOException {
            enc.out.writeSInt32(field, ((ZoneOffset) value).getTotalSeconds(), false);
        }

        @Override
        Object read(Dec dec) throws IOException {
            return ZoneOffset.ofTotalSeconds(dec.in.readSInt32());
        }
    };

    /** The zone id string ({@code "Europe/Paris"}, {@code "+02:00"}, {@code "Z"}). */
    static final ScalarCodec ZONE_ID = new ScalarCodec(Codec.WIRE_LENGTH_DELIMITED, ZoneId.class, null) {
        @Override
        void write(Enc enc, int field, Object value) throws IOException {
            enc.out.writeString(field, ((ZoneId) value).getId(), false);
        }

        @Override
        Object read(Dec dec) throws IOException {
            return zone(dec.in.readString());
        }
    };

    /** The ISO year (sint32). */
    static final ScalarCodec YEAR = new ScalarCodec(Codec.WIRE_VARINT, Year.class, null) {
        @Override
        void write(Enc enc, int field, Object value) throws IOException {
            enc.out.writeSInt32(field, ((Year) value).getValue(), false);
        }

        @Override
        Object read(Dec dec) throws IOException {
            return Year.of(dec.in.readSInt32());
        }
    };

    static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (RuntimeException e) {
            throw Errors.serialization("Malformed input: unknown or invalid java.time.ZoneId");
        }
    }

    /** Kinds of the scalar fields of a {@link LeafCodec}. */
    enum Kind {
        SINT64(Codec.WIRE_VARINT), INT64(Codec.WIRE_VARINT), SINT32(Codec.WIRE_VARINT), UINT32(Codec.WIRE_VARINT),
        SFIXED64(Codec.WIRE_FIXED64), STRING(Codec.WIRE_LENGTH_DELIMITED);

        final int wireType;

        Kind(int wireType) {
            this.wireType = wireType;
        }
    }

    /**
     * A message of up to four scalar fields (never nested messages): numeric fields 1 to 3 and a string field 4.
     * Absent numbers are 0; such a message does not count against the nesting limit.
     */
    abstract static class LeafCodec extends Codec.MessageCodec {
        private final String name;
        private final Kind[] kinds;

        LeafCodec(Class<?> type, Kind... kinds) {
            super(false);
            this.name = type.getName();
            this.kinds = kinds;
        }

        @Override
        String typeName() {
            return name;
        }

        @Override
        final Object readFields(Dec dec) throws IOException {
            long l1 = 0;
            long l2 = 0;
            long l3 = 0;
            String s1 = null;
            int field;
            while ((field = dec.nextField()) != 0) {
                if (field > kinds.length) {
                    dec.skipField();
                    continue;
                }
                Kind kind = kinds[field - 1];
                dec.expect(kind.wireType, field, name);
                long v = 0;
                switch (kind) {
                    case SINT64 -> v = dec.in.readSInt64();
                    case INT64 -> v = dec.in.readInt64();
                    case SINT32 -> v = dec.in.readSInt32();
                    case UINT32 -> v = dec.in.readUInt32() & 0xFFFFFFFFL;
                    case SFIXED64 -> v = dec.in.readSFixed64();
                    case STRING -> s1 = dec.in.readString();
                    default -> throw new IllegalStateException();
                }
                switch (field) {
                    case 1 -> l1 = v;
                    case 2 -> l2 = v;
                    case 3 -> l3 = v;
                    default -> {
                    }
                }
            }
            try {
                return build(l1, l2, l3, s1);
            } catch (RuntimeException e) {
                if (e instanceof io.ferryrpc.api.RpcException) {
                    throw e;
                }
                throw Errors.serialization("Malformed input: invalid " + name);
            }
        }

        abstract Object build(long l1, long l2, long l3, String s1);
    }

    /** {1: sint64 epoch second, 2: uint32 nano}. */
    static final LeafCodec INSTANT = new LeafCodec(Instant.class, Kind.SINT64, Kind.UINT32) {
        @Override
        void writeFields(Enc enc, Object value) throws IOException {
            Instant v = (Instant) value;
            enc.out.writeSInt64(1, v.getEpochSecond(), false);
            enc.out.writeUInt32(2, v.getNano(), false);
        }

        @Override
        Object build(long l1, long l2, long l3, String s1) {
            return Instant.ofEpochSecond(l1, l2);
        }
    };

    /** {1: sint64 seconds, 2: uint32 nano}. */
    static final LeafCodec DURATION = new LeafCodec(Duration.class, Kind.SINT64, Kind.UINT32) {
        @Override
        void writeFields(Enc enc, Object value) throws IOException {
            Duration v = (Duration) value;
            enc.out.writeSInt64(1, v.getSeconds(), false);
            enc.out.writeUInt32(2, v.getNano(), false);
        }

        @Override
        Object build(long l1, long l2, long l3, String s1) {
            return Duration.ofSeconds(l1, l2);
        }
    };

    /** {1: sint64 epoch day, 2: int64 nano of day}. */
    static final LeafCodec LOCAL_DATE_TIME = new LeafCodec(LocalDateTime.class, Kind.SINT64, Kind.INT64) {
        @Override
        void writeFields(Enc enc, Object value) throws IOException {
            LocalDateTime v = (LocalDateTime) value;
            enc.out.writeSInt64(1, v.toLocalDate().toEpochDay(), false);
            enc.out.writeInt64(2, v.toLocalTime().toNanoOfDay(), false);
        }

        @Override
        Object build(long l1, long l2, long l3, String s1) {
            return localDateTime(l1, l2);
        }
    };

    /** {1: sint64 epoch day, 2: int64 nano of day, 3: sint32 offset seconds}. */
    static final LeafCodec OFFSET_DATE_TIME = new LeafCodec(OffsetDateTime.class, Kind.SINT64, Kind.INT64,
            Kind.SINT32) {
        @Override
        void writeFields(Enc enc, Object value) throws IOException {
            OffsetDateTime v = (OffsetDateTime) value;
            enc.out.writeSInt64(1, v.toLocalDate().toEpochDay(), false);
            enc.out.writeInt64(2, v.toLocalTime().toNanoOfDay(), false);
            enc.out.writeSInt32(3, v.getOffset().getTotalSeconds(), false);
        }

        @Override
        Object build(long l1, long l2, long l3, String s1) {
            return OffsetDateTime.of(localDateTime(l1, l2), ZoneOffset.ofTotalSeconds(Math.toIntExact(l3)));
        }
    };

    /** {1: sint64 epoch day, 2: int64 nano of day, 3: sint32 offset seconds, 4: string zone id}. */
    static final LeafCodec ZONED_DATE_TIME = new LeafCodec(ZonedDateTime.class, Kind.SINT64, Kind.INT64,
            Kind.SINT32, Kind.STRING) {
        @Override
        void writeFields(Enc enc, Object value) throws IOException {
            ZonedDateTime v = (ZonedDateTime) value;
            enc.out.writeSInt64(1, v.toLocalDate().toEpochDay(), false);
            enc.out.writeInt64(2, v.toLocalTime().toNanoOfDay(), false);
            enc.out.writeSInt32(3, v.getOffset().getTotalSeconds(), false);
            enc.out.writeString(4, v.getZone().getId(), false);
        }

        @Override
        Object build(long l1, long l2, long l3, String s1) {
            if (s1 == null) {
                throw Errors.serialization("Malformed input: java.time.ZonedDateTime without zone");
            }
            return ZonedDateTime.ofLocal(localDateTime(l1, l2), zone(s1),
                    ZoneOffset.ofTotalSeconds(Math.toIntExact(l3)));
        }
    };

    /** {1: sint32 years, 2: sint32 months, 3: sint32 days}. */
    static final LeafCodec PERIOD = new LeafCodec(Period.class, Kind.SINT32, Kind.SINT32, Kind.SINT32) {
        @Override
        void writeFields(Enc enc, Object value) throws IOException {
            Period v = (Period) value;
            enc.out.writeSInt32(1, v.getYears(), false);
            enc.out.writeSInt32(2, v.getMonths(), false);
            enc.out.writeSInt32(3, v.getDays(), false);
        }

        @Override
        Object build(long l1, long l2, long l3, String s1) {
            return Period.of((int) l1, (int) l2, (int) l3);
        }
    };

    /** {1: sint32 year, 2: uint32 month 1-12}. */
    static final LeafCodec YEAR_MONTH = new LeafCodec(YearMonth.class, Kind.SINT32, Kind.UINT32) {
        @Override
        void writeFields(Enc enc, Object value) throws IOException {
            YearMonth v = (YearMonth) value;
            enc.out.writeSInt32(1, v.getYear(), false);
            enc.out.writeUInt32(2, v.getMonthValue(), false);
        }

        @Override
        Object build(long l1, long l2, long l3, String s1) {
            return YearMonth.of((int) l1, (int) l2);
        }
    };

    /** {1: uint32 month 1-12, 2: uint32 day of month}. */
    static final LeafCodec MONTH_DAY = new LeafCodec(MonthDay.class, Kind.UINT32, Kind.UINT32) {
        @Override
        void writeFields(Enc enc, Object value) throws IOException {
            MonthDay v = (MonthDay) value;
            enc.out.writeUInt32(1, v.getMonthValue(), false);
            enc.out.writeUInt32(2, v.getDayOfMonth(), false);
        }

        @Override
        Object build(long l1, long l2, long l3, String s1) {
            return MonthDay.of((int) l1, (int) l2);
        }
    };

    /** {1: sfixed64 most significant bits, 2: sfixed64 least significant bits}. */
    static final LeafCodec UUID_CODEC = new LeafCodec(UUID.class, Kind.SFIXED64, Kind.SFIXED64) {
        @Override
        void writeFields(Enc enc, Object value) throws IOException {
            UUID v = (UUID) value;
            enc.out.writeSFixed64(1, v.getMostSignificantBits(), false);
            enc.out.writeSFixed64(2, v.getLeastSignificantBits(), false);
        }

        @Override
        Object build(long l1, long l2, long l3, String s1) {
            return new UUID(l1, l2);
        }
    };

    private static LocalDateTime localDateTime(long epochDay, long nanoOfDay) {
        return LocalDateTime.of(LocalDate.ofEpochDay(epochDay), LocalTime.ofNanoOfDay(nanoOfDay));
    }

    /** The codecs of the types above by class (primitives included). */
    static final Map<Class<?>, Codec> BY_CLASS = new HashMap<>();

    static {
        Object[] pairs = {
            boolean.class, BOOLEAN_P, Boolean.class, BOOLEAN, byte.class, BYTE_P, Byte.class, BYTE,
            short.class, SHORT_P, Short.class, SHORT, int.class, INT_P, Integer.class, INT,
            long.class, LONG_P, Long.class, LONG, char.class, CHAR_P, Character.class, CHAR,
            float.class, FLOAT_P, Float.class, FLOAT, double.class, DOUBLE_P, Double.class, DOUBLE,
            String.class, STRING, byte[].class, BYTES, BigInteger.class, BIG_INTEGER, BigDecimal.class, BIG_DECIMAL,
            Date.class, DATE, UUID.class, UUID_CODEC, Instant.class, INSTANT, LocalDate.class, LOCAL_DATE,
            LocalTime.class, LOCAL_TIME, LocalDateTime.class, LOCAL_DATE_TIME, Duration.class, DURATION,
            Period.class, PERIOD, ZoneId.class, ZONE_ID, ZoneOffset.class, ZONE_OFFSET,
            OffsetDateTime.class, OFFSET_DATE_TIME, ZonedDateTime.class, ZONED_DATE_TIME, Year.class, YEAR,
            YearMonth.class, YEAR_MONTH, MonthDay.class, MONTH_DAY,
        };
        for (int i = 0; i < pairs.length; i += 2) {
            BY_CLASS.put((Class<?>) pairs[i], (Codec) pairs[i + 1]);
        }
    }
}
