package io.ferryrpc.core.internal.spi;

import io.ferryrpc.core.spi.SerializationConfig;
import io.ferryrpc.core.spi.Serializer;
import io.ferryrpc.core.spi.SerializerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Creates a serializer by name with the {@link SerializerFactory} that has that name. */
public final class Serializers {

    /** The serializer used unless the user names another. */
    public static final String DEFAULT = "protostuff";

    private Serializers() {}

    /**
     * Returns a new serializer of the named kind.
     *
     * @throws IllegalArgumentException if no factory has that name
     */
    public static Serializer create(String name, SerializationConfig config) {
        List<String> known = new ArrayList<>();
        for (SerializerFactory factory : ServiceLoader.load(SerializerFactory.class,
                Serializers.class.getClassLoader())) {
            if (factory.name().equals(name)) {
                return factory.create(config);
            }
            known.add(factory.name());
        }
        throw new IllegalArgumentException("serializer: " + name + " (expected one of " + known + ")");
    }
}
