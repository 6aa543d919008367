package io.ferryrpc.core.internal.codec;

import io.protostuff.Input;
import io.protostuff.Output;
import java.io.IOException;

/** Writes and reads the values of one declared type as one Protostuff field. */
abstract class ValueCodec {

    /** Writes a non-null {@code value} as field {@code field}. */
    abstract void write(Output out, int field, Object value) throws IOException;

    /** Reads the value of the field the input is positioned on; {@code depth} is the nesting of the enclosing message. */
    abstract Object read(Input in, int depth) throws IOException;

    /** Returns the value of an absent field: {@code null}, or zero for primitive types. */
    Object absent() {
        return null;
    }
}
