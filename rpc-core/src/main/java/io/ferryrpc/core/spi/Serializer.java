package io.ferryrpc.core.spi;

import java.lang.reflect.Type;

/**
 * Turns the values of declared Java types into bytes and back, one serializer per server or client.
 *
 * <p>Values are encoded by their <em>declared</em> types, so the bytes name no classes for declared types; only a
 * value whose declared type is {@code Object}, an interface that is not a collection or map, or an abstract class
 * carries a class name, and that name is checked against the {@link SerializationConfig} before any class is
 * loaded. Implementations are thread-safe.
 */
public interface Serializer {

    /** Returns the id of the factory that created this serializer. */
    byte id();

    /**
     * Returns the codec for a fixed sequence of declared types, such as a method's parameter types or its return
     * type. Called once per method and cached by the caller.
     *
     * @throws IllegalArgumentException naming the type if one of the types cannot be serialized
     */
    TupleCodec tupleCodec(Type... declaredTypes);

    /**
     * Allows polymorphic values whose classes live in the package of {@code serviceInterface} (or below it), the
     * service's own API; called for every interface a server exports or a client proxies. A serializer that
     * names no classes on the wire may ignore it. Never widens the list to a JDK package or the unnamed package.
     */
    default void allowApiPackageOf(Class<?> serviceInterface) {}
}
