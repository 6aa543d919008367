package io.ferryrpc.benchmark.workload;

import io.ferryrpc.api.RpcService;

/** A service for the payload-size curve: the same bytes out as came in, from 100 B to 1 MiB. */
@RpcService(name = "bench.PayloadService", version = "1.0")
public interface PayloadService {

    /** Returns {@code payload} unchanged. */
    byte[] echo(byte[] payload);
}
