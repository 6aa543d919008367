package io.ferryrpc.registry.zookeeper;

import io.ferryrpc.core.spi.Registry;
import io.ferryrpc.core.spi.RegistryFactory;
import io.ferryrpc.registry.zookeeper.internal.ZooKeeperRegistry;

/** Connects {@code zookeeper://} registry addresses; found by the core through {@link java.util.ServiceLoader}. */
public final class ZooKeeperRegistryFactory implements RegistryFactory {

    @Override
    public String scheme() {
        return "zookeeper";
    }

    @Override
    public Registry create(String address) {
        return new ZooKeeperRegistry(ZooKeeperAddress.parse(address));
    }
}
