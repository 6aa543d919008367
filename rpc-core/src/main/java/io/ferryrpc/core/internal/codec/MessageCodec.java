package io.ferryrpc.core.internal.codec;

import io.ferryrpc.api.RpcException;
import io.protostuff.Input;
import io.protostuff.Output;
import io.protostuff.Schema;
import java.io.IOException;

/** A value written as a nested (group-encoded) message; subclasses define its fields. */
abstract class MessageCodec extends ValueCodec implements Schema<Holder> {

    final CodecContext context;
    private final String name;

    MessageCodec(CodecContext context, String name) {
        this.context = context;
        this.name = name;
    }

    /** Writes the fields of {@code value}. */
    abstract void writeFields(Output out, Object value) throws IOException;

    /** Reads the fields up to the end of the message into {@code h}. */
    abstract void readFields(Input in, Holder h) throws IOException;

    /** Returns the value built from what {@link #readFields} gathered. */
    abstract Object build(Holder h);

    @Override
    final void write(Output out, int field, Object value) throws IOException {
        out.writeObject(field, Holder.of(value), this, false);
    }

    @Override
    final Object read(Input in, int depth) throws IOException {
        if (depth >= context.config().maxDepth()) {
            throw new RpcException(RpcException.Code.SERIALIZATION,
                    "nesting deeper than " + context.config().maxDepth() + " at " + name);
        }
        return build(in.mergeObject(new Holder(depth + 1), this));
    }

    final void countElement(Holder h) {
        if (++h.count > context.config().maxCollectionSize()) {
            throw new RpcException(RpcException.Code.SERIALIZATION,
                    "more than " + context.config().maxCollectionSize() + " elements in " + name);
        }
    }

    @Override
    public final String getFieldName(int number) {
        return Integer.toString(number);
    }

    @Override
    public final int getFieldNumber(String fieldName) {
        return Integer.parseInt(fieldName);
    }

    @Override
    public final boolean isInitialized(Holder message) {
        return true;
    }

    @Override
    public final Holder newMessage() {
        return new Holder(0);
    }

    @Override
    public final String messageName() {
        return name;
    }

    @Override
    public final String messageFullName() {
        return name;
    }

    @Override
    public final Class<? super Holder> typeClass() {
        return Holder.class;
    }

    @Override
    public final void mergeFrom(Input input, Holder message) throws IOException {
        readFields(input, message);
    }

    @Override
    public final void writeTo(Output output, Holder message) throws IOException {
        writeFields(output, message.value);
    }
}
