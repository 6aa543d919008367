package io.ferryrpc.registry.zookeeper;

import io.ferryrpc.api.RpcService;

/** Version 2.0 of {@link Greeter}, for routing tests. */
@RpcService(name = "io.ferryrpc.registry.zookeeper.Greeter", version = "2.0", group = "test")
public interface GreeterV2 {

    /** Returns the name of the provider that answered. */
    String whoAmI();
}
