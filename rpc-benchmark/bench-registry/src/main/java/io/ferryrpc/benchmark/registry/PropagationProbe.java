package io.ferryrpc.benchmark.registry;

import io.ferryrpc.api.RpcService;

/** The service the bench's consumers subscribe to; never called, since only its provider list matters. */
@RpcService(name = "bench.PropagationProbe", version = "1.0")
public interface PropagationProbe {

    /** Returns its argument. */
    String ping(String text);
}
