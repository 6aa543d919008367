package io.ferryrpc.registry.zookeeper;

import io.ferryrpc.api.RpcService;

/** The service the registry tests publish and discover. */
@RpcService(version = "1.0", group = "test")
public interface Greeter {

    /** Returns the name of the provider that answered. */
    String whoAmI();

    /** Greets. */
    String greet(String name);
}
