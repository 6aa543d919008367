package io.ferryrpc.core.internal.serialize;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.spi.TupleCodec;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Values of fixed declared types as one message: value {@code i} is field {@code i + 1}, absent when null. */
final class ProtostuffTupleCodec implements TupleCodec {

    private static final Object[] NO_VALUES = {};

    private final Codec[] codecs;
    private final String description;
    private final int maxDepth;
    private final int maxSize;

    ProtostuffTupleCodec(Codec[] codecs, String description, int maxDepth, int maxSize) {
        this.codecs = codecs;
        this.description = description;
        this.maxDepth = maxDepth;
        this.maxSize = maxSize;
    }

    @Override
    public void encode(Object[] values, ByteBuf out) {
        Object[] v = values == null ? NO_VALUES : values;
        if (v.length != codecs.length) {
            throw Errors.serialization("Expected " + codecs.length + " values for " + description + " but got "
                    + v.length);
        }
        int start = out.writerIndex();
        Enc enc = Enc.acquire(maxDepth, out);
        int index = 0;
        boolean done = false;
        try {
            for (; index < v.length; index++) {
                Object value = v[index];
                if (value != null) {
                    codecs[index].write(enc, index + 1, value);
                }
            }
            done = true;
        } catch (RpcException e) {
            throw e;
        } catch (ClassCastException e) {
            throw Errors.serialization("Cannot encode value #" + index + " of " + description
                    + ": a value does not match its declared type", e);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw Errors.serialization("Cannot encode value #" + index + " of " + description + " ("
                    + e.getClass().getSimpleName() + ")", e);
        } finally {
            enc.release();
            if (!done) {
                // Nothing of a value that failed half-way is left in the caller's buffer.
                out.writerIndex(start);
            }
        }
    }

    @Override
    public Object[] decode(ByteBuf in) {
        ByteBuffer buffer = in.nioBuffer(in.readerIndex(), in.readableBytes());
        Dec dec = new Dec(buffer, maxDepth, maxSize);
        Codec[] codecs = this.codecs;
        Object[] result = new Object[codecs.length];
        try {
            int field;
            while ((field = dec.nextField()) != 0) {
                if (field > codecs.length || codecs[field - 1] == Structs.VOID) {
                    dec.skipField();
                    continue;
                }
                Codec codec = codecs[field - 1];
                dec.expect(codec, field, description);
                result[field - 1] = codec.read(dec);
            }
        } catch (RpcException e) {
            throw e;
        } catch (IOException e) {
            throw Errors.serialization("Malformed input for " + description, e);
        } catch (RuntimeException | StackOverflowError e) {
            // No cause: JDK exception messages may quote received text.
            throw Errors.serialization("Malformed input for " + description + " (" + e.getClass().getSimpleName()
                    + ")");
        }
        for (int i = 0; i < result.length; i++) {
            if (result[i] == null) {
                result[i] = codecs[i].absentValue();
            }
        }
        in.readerIndex(in.writerIndex());
        return result;
    }

    @Override
    public String toString() {
        return "TupleCodec" + description;
    }
}
