package io.ferryrpc.core.spi;

/**
 * Creates {@link Serializer}s of one wire format; registered in
 * {@code META-INF/services/io.ferryrpc.core.spi.SerializerFactory} and selected by {@link #id()}.
 *
 * <p>Implementations are stateless singletons and must not throw from {@link #id()} or {@link #name()}.
 */
public interface SerializerFactory {

    /** Returns the id written in the serializer byte of every frame header, between 1 and 127. */
    byte id();

    /** Returns a short lowercase name for logs and configuration, such as {@code "protostuff"}. */
    String name();

    /** Returns a new serializer that obeys the given type policy and limits. */
    Serializer create(SerializationConfig config);
}
