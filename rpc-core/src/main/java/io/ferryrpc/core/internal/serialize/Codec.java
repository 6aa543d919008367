package io.ferryrpc.core.internal.serialize;

import java.io.IOException;

/**
 * Writes and reads the values of one declared type as one Protostuff field. Built once per type and shared by all
 * threads; implementations hold no per-call state.
 */
abstract class Codec {

    static final int WIRE_VARINT = 0;
    static final int WIRE_FIXED64 = 1;
    static final int WIRE_LENGTH_DELIMITED = 2;
    static final int WIRE_START_GROUP = 3;
    static final int WIRE_FIXED32 = 5;
    /** Never matches a wire type read off the wire. */
    static final int WIRE_NONE = -1;

    /** The Protostuff wire type of the field this codec writes. */
    final int wireType;

    Codec(int wireType) {
        this.wireType = wireType;
    }

    /** Writes the non-null {@code value} as field {@code field}. */
    abstract void write(Enc enc, int field, Object value) throws IOException;

    /** Reads the value of the field whose tag was just read (its wire type already checked). */
    abstract Object read(Dec dec) throws IOException;

    /** Returns the value of an absent field: {@code null}, or the zero of a primitive type. */
    Object absentValue() {
        return null;
    }

    /** Returns the class this codec makes known to the polymorphic allow check, or {@code null} (built-in types). */
    Class<?> javaClass() {
        return null;
    }

    /** Returns the codecs of the values this codec's values contain. */
    java.util.List<Codec> children() {
        return java.util.List.of();
    }

    /** Returns a short description of the type for error messages. */
    abstract String typeName();

    /** A codec whose values are nested messages, written as Protostuff groups. */
    abstract static class MessageCodec extends Codec {

        /** Whether one level of this message counts against the nesting limit. */
        final boolean counted;

        MessageCodec(boolean counted) {
            super(WIRE_START_GROUP);
            this.counted = counted;
        }

        @Override
        final void write(Enc enc, int field, Object value) throws IOException {
            enc.writeMessage(field, this, value);
        }

        @Override
        final Object read(Dec dec) throws IOException {
            dec.enter(counted);
            Object value = readFields(dec);
            dec.exit(counted);
            return value;
        }

        /** Writes the fields of the non-null {@code value}. */
        abstract void writeFields(Enc enc, Object value) throws IOException;

        /** Reads fields with {@link Dec#nextField()} until it returns 0 and returns the value. */
        abstract Object readFields(Dec dec) throws IOException;
    }
}
