package io.ferryrpc.core.internal.codec;

import io.protostuff.Input;
import io.protostuff.Output;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.UUID;
import java.util.function.ToLongFunction;

/** Codecs of values made of two numbers (seconds and nanos, date and time, two halves), as small messages. */
final class PairCodecs {

    private PairCodecs() {}

    interface Join {
        Object join(long first, long second);
    }

    static MessageCodec of(CodecContext context, String name, ToLongFunction<Object> first,
            ToLongFunction<Object> second, Join join) {
        return new MessageCodec(context, name) {
            @Override
            void writeFields(Output out, Object value) throws IOException {
                out.writeSInt64(1, first.applyAsLong(value), false);
                out.writeSInt64(2, second.applyAsLong(value), false);
            }

            @Override
            void readFields(Input in, Holder h) throws IOException {
                long[] parts = new long[2];
                for (int n = in.readFieldNumber(this); n != 0; n = in.readFieldNumber(this)) {
                    if (n == 1 || n == 2) {
                        parts[n - 1] = in.readSInt64();
                    } else {
                        in.handleUnknownField(n, this);
                    }
                }
                h.value = parts;
            }

            @Override
            Object build(Holder h) {
                long[] parts = (long[]) h.value;
                return join.join(parts[0], parts[1]);
            }
        };
    }

    static MessageCodec instant(CodecContext c) {
        return of(c, "Instant", v -> ((Instant) v).getEpochSecond(), v -> ((Instant) v).getNano(),
                (seconds, nanos) -> Instant.ofEpochSecond(seconds, nanos));
    }

    static MessageCodec duration(CodecContext c) {
        return of(c, "Duration", v -> ((Duration) v).getSeconds(), v -> ((Duration) v).getNano(),
                (seconds, nanos) -> Duration.ofSeconds(seconds, nanos));
    }

    static MessageCodec localDateTime(CodecContext c) {
        return of(c, "LocalDateTime", v -> ((LocalDateTime) v).toLocalDate().toEpochDay(),
                v -> ((LocalDateTime) v).toLocalTime().toNanoOfDay(),
                (day, nanos) -> LocalDateTime.of(LocalDate.ofEpochDay(day), LocalTime.ofNanoOfDay(nanos)));
    }

    static MessageCodec uuid(CodecContext c) {
        return of(c, "UUID", v -> ((UUID) v).getMostSignificantBits(), v -> ((UUID) v).getLeastSignificantBits(),
                (high, low) -> new UUID(high, low));
    }
}
