package io.ferryrpc.core.internal.codec;

import io.protostuff.Input;
import io.protostuff.Output;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** Codecs of single-field values: primitives, boxes, strings, big numbers, dates written as one scalar. */
final class ScalarCodecs {

    private ScalarCodecs() {}

    interface Writer {
        void write(Output out, int field, Object value) throws IOException;
    }

    interface Reader {
        Object read(Input in) throws IOException;
    }

    private static ValueCodec of(Writer writer, Reader reader, Object absent) {
        return new ValueCodec() {
            @Override
            void write(Output out, int field, Object value) throws IOException {
                writer.write(out, field, value);
            }

            @Override
            Object read(Input in, int depth) throws IOException {
                return reader.read(in);
            }

            @Override
            Object absent() {
                return absent;
            }
        };
    }

    private static ValueCodec text(Function<String, Object> parse) {
        return of((out, f, v) -> out.writeString(f, v.toString(), false), in -> parse.apply(in.readString()), null);
    }

    /** Returns the scalar codecs by class; boxes and primitives share an encoding but differ in absent value. */
    static Map<Class<?>, ValueCodec> all() {
        Map<Class<?>, ValueCodec> m = new HashMap<>();
        ValueCodec bool = of((out, f, v) -> out.writeBool(f, (Boolean) v, false), Input::readBool, null);
        ValueCodec int8 = of((out, f, v) -> out.writeSInt32(f, (Byte) v, false), in -> (byte) in.readSInt32(), null);
        ValueCodec int16 = of((out, f, v) -> out.writeSInt32(f, (Short) v, false), in -> (short) in.readSInt32(),
                null);
        ValueCodec char16 = of((out, f, v) -> out.writeUInt32(f, (Character) v, false),
                in -> (char) in.readUInt32(), null);
        ValueCodec int32 = of((out, f, v) -> out.writeSInt32(f, (Integer) v, false), Input::readSInt32, null);
        ValueCodec int64 = of((out, f, v) -> out.writeSInt64(f, (Long) v, false), Input::readSInt64, null);
        ValueCodec float32 = of((out, f, v) -> out.writeFloat(f, (Float) v, false), Input::readFloat, null);
        ValueCodec float64 = of((out, f, v) -> out.writeDouble(f, (Double) v, false), Input::readDouble, null);
        m.put(Boolean.class, bool);
        m.put(Byte.class, int8);
        m.put(Short.class, int16);
        m.put(Character.class, char16);
        m.put(Integer.class, int32);
        m.put(Long.class, int64);
        m.put(Float.class, float32);
        m.put(Double.class, float64);
        m.put(boolean.class, withAbsent(bool, false));
        m.put(byte.class, withAbsent(int8, (byte) 0));
        m.put(short.class, withAbsent(int16, (short) 0));
        m.put(char.class, withAbsent(char16, (char) 0));
        m.put(int.class, withAbsent(int32, 0));
        m.put(long.class, withAbsent(int64, 0L));
        m.put(float.class, withAbsent(float32, 0f));
        m.put(double.class, withAbsent(float64, 0d));
        m.put(String.class, of((out, f, v) -> out.writeString(f, (String) v, false), Input::readString, null));
        m.put(byte[].class, of((out, f, v) -> out.writeByteArray(f, (byte[]) v, false), Input::readByteArray,
                null));
        m.put(BigInteger.class, of((out, f, v) -> out.writeByteArray(f, ((BigInteger) v).toByteArray(), false),
                in -> new BigInteger(in.readByteArray()), null));
        // toString() keeps the scale ("1.10" stays "1.10", 1E+3 stays 1E+3).
        m.put(BigDecimal.class, text(BigDecimal::new));
        m.put(Date.class, of((out, f, v) -> out.writeSInt64(f, ((Date) v).getTime(), false),
                in -> new Date(in.readSInt64()), null));
        m.put(LocalDate.class, of((out, f, v) -> out.writeSInt64(f, ((LocalDate) v).toEpochDay(), false),
                in -> LocalDate.ofEpochDay(in.readSInt64()), null));
        m.put(LocalTime.class, of((out, f, v) -> out.writeSInt64(f, ((LocalTime) v).toNanoOfDay(), false),
                in -> LocalTime.ofNanoOfDay(in.readSInt64()), null));
        m.put(ZoneOffset.class, of((out, f, v) -> out.writeSInt32(f, ((ZoneOffset) v).getTotalSeconds(), false),
                in -> ZoneOffset.ofTotalSeconds(in.readSInt32()), null));
        m.put(ZoneId.class, text(ZoneId::of));
        m.put(Period.class, text(Period::parse));
        m.put(Year.class, text(Year::parse));
        m.put(YearMonth.class, text(YearMonth::parse));
        m.put(MonthDay.class, text(MonthDay::parse));
        m.put(OffsetTime.class, text(OffsetTime::parse));
        m.put(OffsetDateTime.class, text(OffsetDateTime::parse));
        // ISO text with offset and region: parsing resolves through the instant, so an overlap keeps its offset.
        m.put(ZonedDateTime.class, text(ZonedDateTime::parse));
        return m;
    }

    private static ValueCodec withAbsent(ValueCodec codec, Object absent) {
        return new ValueCodec() {
            @Override
            void write(Output out, int field, Object value) throws IOException {
                codec.write(out, field, value);
            }

            @Override
            Object read(Input in, int depth) throws IOException {
                return codec.read(in, depth);
            }

            @Override
            Object absent() {
                return absent;
            }
        };
    }
}
