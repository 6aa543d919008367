package io.ferryrpc.core.internal.serialize;

import io.ferryrpc.core.spi.SerializationConfig;
import io.ferryrpc.core.spi.Serializer;
import io.ferryrpc.core.spi.SerializerFactory;
import java.util.Objects;

/** The Protostuff wire format with Ferry's own schemas built from declared types: id {@code 1}. */
public final class ProtostuffSerializerFactory implements SerializerFactory {

    /** The id of this format in frame headers. */
    public static final byte ID = 1;

    /** Creates the factory; called by {@link java.util.ServiceLoader}. */
    public ProtostuffSerializerFactory() {
    }

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
        return new ProtostuffSerializer(Objects.requireNonNull(config, "config"));
    }
}
