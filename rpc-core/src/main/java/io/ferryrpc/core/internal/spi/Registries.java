package io.ferryrpc.core.internal.spi;

import io.ferryrpc.core.spi.Registry;
import io.ferryrpc.core.spi.RegistryFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Connects to a registry by address, with the {@link RegistryFactory} of the address's scheme. */
public final class Registries {

    private Registries() {}

    /**
     * Connects to {@code address} ({@code scheme://...}).
     *
     * @throws IllegalArgumentException if the address has no scheme or no factory handles it
     */
    public static Registry connect(String address, ClassLoader loader) {
        int end = address.indexOf("://");
        if (end <= 0) {
            throw new IllegalArgumentException("registry address: " + address
                    + " (expected: scheme://..., such as zookeeper://127.0.0.1:2181)");
        }
        String scheme = address.substring(0, end);
        List<String> known = new ArrayList<>();
        for (RegistryFactory factory : ServiceLoader.load(RegistryFactory.class, loader)) {
            if (factory.scheme().equals(scheme)) {
                return factory.create(address);
            }
            known.add(factory.scheme());
        }
        throw new IllegalArgumentException("no registry for scheme '" + scheme + "' on the classpath (found: "
                + known + "); for ZooKeeper add the io.ferryrpc:rpc-registry dependency");
    }
}
