package io.ferryrpc.core.internal.serialize;

import io.ferryrpc.core.spi.SerializationConfig;
import io.ferryrpc.core.spi.Serializer;
import io.ferryrpc.core.spi.TupleCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;

/** Helpers shared by the serialization tests. */
final class SerTestSupport {

    private SerTestSupport() {
    }

    /** Captures a generic type: {@code new TypeRef<List<String>>() {}.type()}. */
    abstract static class TypeRef<T> {
        Type type() {
            return ((ParameterizedType) getClass().getGenericSuperclass()).getActualTypeArguments()[0];
        }
    }

    static Serializer serializer() {
        return serializer(List.of());
    }

    static Serializer serializer(List<String> allowList) {
        return new ProtostuffSerializerFactory().create(
                SerializationConfig.of(SerTestSupport.class.getClassLoader(), allowList));
    }

    static Serializer serializer(int maxDepth, int maxSize) {
        return new ProtostuffSerializerFactory().create(new SerializationConfig(
                SerTestSupport.class.getClassLoader(), List.of(), maxDepth, maxSize));
    }

    /** Encodes then decodes one value of the declared type. */
    static Object roundTrip(Serializer serializer, Type type, Object value) {
        return roundTrip(serializer.tupleCodec(type), value)[0];
    }

    static Object roundTrip(Type type, Object value) {
        return roundTrip(serializer(), type, value);
    }

    static Object[] roundTrip(TupleCodec codec, Object... values) {
        ByteBuf buf = Unpooled.buffer();
        try {
            codec.encode(values, buf);
            return codec.decode(buf);
        } finally {
            buf.release();
        }
    }

    /** Encodes values and returns the bytes. */
    static byte[] encode(TupleCodec codec, Object... values) {
        ByteBuf buf = Unpooled.buffer();
        try {
            codec.encode(values, buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** Decodes the given bytes. */
    static Object[] decode(TupleCodec codec, byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return codec.decode(buf);
        } finally {
            buf.release();
        }
    }
}
