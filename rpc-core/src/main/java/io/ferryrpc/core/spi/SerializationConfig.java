package io.ferryrpc.core.spi;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link Serializer} may decode: the class loader to resolve allowed classes with, the allow list for
 * values of non-concrete declared types, and size limits.
 *
 * @param classLoader resolves classes that passed the allow list; never consulted for other names
 * @param allowedTypePrefixes class-name prefixes (a package ending in {@code .} or a full class name) whose classes
 *     may arrive where the declared type is {@code Object}, an interface or an abstract class, in addition to the
 *     types reachable from declared signatures and Ferry's built-in value types
 * @param maxDepth the deepest nesting of objects and collections accepted when decoding
 * @param maxCollectionSize the most elements accepted in one collection, map or array when decoding
 * @param allowServicePackages whether classes in the package of an exported or proxied service interface (and
 *     below it) are allowed too, see {@link Serializer#allowApiPackageOf(Class)}
 */
public record SerializationConfig(ClassLoader classLoader, List<String> allowedTypePrefixes, int maxDepth,
        int maxCollectionSize, boolean allowServicePackages) {

    /** Default for {@link #maxDepth()}. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    /** Default for {@link #maxCollectionSize()}. */
    public static final int DEFAULT_MAX_COLLECTION_SIZE = 1 << 20;

    /** Validates and copies the components. */
    public SerializationConfig {
        Objects.requireNonNull(classLoader, "classLoader");
        allowedTypePrefixes = List.copyOf(allowedTypePrefixes);
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth: " + maxDepth + " (expected: >= 1)");
        }
        if (maxCollectionSize < 0) {
            throw new IllegalArgumentException("maxCollectionSize: " + maxCollectionSize + " (expected: >= 0)");
        }
    }

    /** Creates a config that also allows the service interfaces' own packages. */
    public SerializationConfig(ClassLoader classLoader, List<String> allowedTypePrefixes, int maxDepth,
            int maxCollectionSize) {
        this(classLoader, allowedTypePrefixes, maxDepth, maxCollectionSize, true);
    }

    /** Returns a config with the given allow list and default limits. */
    public static SerializationConfig of(ClassLoader classLoader, List<String> allowedTypePrefixes) {
        return new SerializationConfig(classLoader, allowedTypePrefixes, DEFAULT_MAX_DEPTH, DEFAULT_MAX_COLLECTION_SIZE);
    }

    /** Returns this config with {@link #allowServicePackages()} set as given. */
    public SerializationConfig withServicePackages(boolean allow) {
        return new SerializationConfig(classLoader, allowedTypePrefixes, maxDepth, maxCollectionSize, allow);
    }

    /** Returns whether {@code className} matches one of the configured allow-list prefixes. */
    public boolean allowListed(String className) {
        for (String prefix : allowedTypePrefixes) {
            if (prefix.endsWith(".") ? className.startsWith(prefix) : className.equals(prefix)) {
                return true;
            }
        }
        return false;
    }
}
