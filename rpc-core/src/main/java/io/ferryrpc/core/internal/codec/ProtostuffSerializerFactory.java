package io.ferryrpc.core.internal.codec;

import io.ferryrpc.core.spi.SerializationConfig;
import io.ferryrpc.core.spi.Serializer;
import io.ferryrpc.core.spi.SerializerFactory;

/** The default serializer, id 1: Protostuff encoding with schemas built from declared types. */
public final class ProtostuffSerializerFactory implements SerializerFactory {

    /** The id of this serializer in frame headers. */
    public static final byte ID = 1;

    @Override
    public byte id() {
        return ID;
    }

    @Override
    public String name() {
        return "protostuff";
    }

    @Override
    public Serializer create(SerializationConfig config) {
        return new ProtostuffSerializer(config);
    }
}
