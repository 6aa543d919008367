package io.ferryrpc.monitor.push;

import io.ferryrpc.api.RpcMethod;
import io.ferryrpc.api.RpcService;

/**
 * The monitor center's Ferry service, which reporters find through the registry. Pushing the same interval twice
 * is harmless: the center keeps the highest interval number per node and the node's cumulative counts.
 */
@RpcService(name = MonitorService.NAME, version = "1.0")
public interface MonitorService {

    /** The service's name in the registry. */
    String NAME = "ferry.monitor.MonitorService";

    /**
     * Merges a node's intervals.
     *
     * @throws IllegalArgumentException when the report's bucket layout differs from the center's or it is malformed
     */
    @RpcMethod(timeoutMillis = 5000, idempotent = true)
    PushAck push(MetricsReport report);
}
