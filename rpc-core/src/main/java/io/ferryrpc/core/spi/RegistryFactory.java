package io.ferryrpc.core.spi;

/**
 * Creates {@link Registry} connections for addresses of one scheme, such as {@code zookeeper://host:2181};
 * registered in {@code META-INF/services/io.ferryrpc.core.spi.RegistryFactory}.
 *
 * <p>Implementations are stateless singletons and must not throw from {@link #scheme()}.
 */
public interface RegistryFactory {

    /** Returns the address scheme this factory handles, such as {@code "zookeeper"}. */
    String scheme();

    /** Connects to the registry at {@code address} (including its scheme). */
    Registry create(String address);
}
