package io.ferryrpc.core.internal.codec;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.spi.SerializationConfig;
import io.ferryrpc.core.spi.Serializer;
import io.ferryrpc.core.spi.TupleCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.protostuff.ByteBufferInput;
import io.protostuff.Input;
import io.protostuff.LinkedBuffer;
import io.protostuff.Output;
import io.protostuff.ProtostuffIOUtil;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.StringJoiner;

/** A Protostuff serializer for one server or client; thread-safe. */
final class ProtostuffSerializer extends CodecContext implements Serializer {

    ProtostuffSerializer(SerializationConfig config) {
        super(config);
    }

    @Override
    public byte id() {
        return ProtostuffSerializerFactory.ID;
    }

    @Override
    public TupleCodec tupleCodec(Type... declaredTypes) {
        ValueCodec[] codecs = new ValueCodec[declaredTypes.length];
        StringJoiner names = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < declaredTypes.length; i++) {
            codecs[i] = codecFor(declaredTypes[i], declaredTypes[i].getTypeName());
            names.add(declaredTypes[i].getTypeName());
        }
        return new Tuple(this, codecs, names.toString());
    }

    /** A fixed sequence of values as one top-level message: field i + 1 holds value i. */
    private static final class Tuple extends MessageCodec implements TupleCodec {
        private final ValueCodec[] codecs;
        private final String types;

        Tuple(CodecContext context, ValueCodec[] codecs, String types) {
            super(context, types);
            this.codecs = codecs;
            this.types = types;
        }

        @Override
        public void encode(Object[] values, ByteBuf out) {
            if (values.length != codecs.length) {
                throw new RpcException(RpcException.Code.SERIALIZATION,
                        values.length + " values for " + codecs.length + " types " + types);
            }
            int start = out.writerIndex();
            try {
                ProtostuffIOUtil.writeTo(new ByteBufOutputStream(out), Holder.of(values), this,
                        LinkedBuffer.allocate(256));
            } catch (RpcException e) {
                out.writerIndex(start);
                throw e;
            } catch (IOException | RuntimeException e) {
                out.writerIndex(start);
                throw new RpcException(RpcException.Code.SERIALIZATION, "cannot encode values of " + types + ": "
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
            }
        }

        @Override
        public Object[] decode(ByteBuf in) {
            Holder h = new Holder(0);
            try {
                ByteBufferInput input = new ByteBufferInput(in.nioBuffer(in.readerIndex(), in.readableBytes()), true);
                readFields(input, h);
                input.checkLastTagWas(0);
                in.skipBytes(in.readableBytes());
                return h.parts;
            } catch (RpcException e) {
                throw e;
            } catch (IOException | RuntimeException | StackOverflowError e) {
                // Protostuff's messages describe the bytes (truncated, bad tag), never a decoded value.
                throw new RpcException(RpcException.Code.SERIALIZATION, "malformed values for " + types + ": "
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
            }
        }

        @Override
        void writeFields(Output out, Object value) throws IOException {
            Object[] values = (Object[]) value;
            for (int i = 0; i < codecs.length; i++) {
                if (values[i] != null) {
                    codecs[i].write(out, i + 1, values[i]);
                }
            }
        }

        @Override
        void readFields(Input in, Holder h) throws IOException {
            Object[] parts = new Object[codecs.length];
            for (int n = in.readFieldNumber(this); n != 0; n = in.readFieldNumber(this)) {
                if (n <= codecs.length) {
                    parts[n - 1] = codecs[n - 1].read(in, h.depth);
                } else {
                    in.handleUnknownField(n, this);
                }
            }
            for (int i = 0; i < parts.length; i++) {
                if (parts[i] == null) {
                    parts[i] = codecs[i].absent();
                }
            }
            h.parts = parts;
        }

        @Override
        Object build(Holder h) {
            return h.parts;
        }

        @Override
        public String toString() {
            return "Tuple" + types + Arrays.toString(codecs);
        }
    }
}
