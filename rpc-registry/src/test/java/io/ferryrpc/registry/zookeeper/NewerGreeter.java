package io.ferryrpc.registry.zookeeper;

import io.ferryrpc.api.RpcService;

/** A consumer's newer view of {@link Greeter}, with a method the providers do not have. */
@RpcService(name = "io.ferryrpc.registry.zookeeper.Greeter", version = "1.0", group = "test")
public interface NewerGreeter {

    /** Returns the name of the provider that answered. */
    String whoAmI();

    /** Not implemented by any provider. */
    String farewell(String name);
}
