package io.ferryrpc.registry.chaos;

import io.ferryrpc.api.RpcMethod;
import io.ferryrpc.api.RpcService;

/**
 * The chaos tests' fixture: one idempotent write and one that must never run twice. Both return the name of the
 * provider that ran them, and every provider writes down each request id it runs, so the test can tell lost,
 * duplicated and unknown outcomes apart.
 */
@RpcService(version = "1.0")
public interface LedgerService {

    /** Timeout of both methods: the bounds of the chaos tests are stated in multiples of it. */
    long TIMEOUT_MILLIS = 1000;

    /** Stores an entry under {@code requestId}; storing it again changes nothing, so retries are safe. */
    @RpcMethod(timeoutMillis = TIMEOUT_MILLIS, idempotent = true, retries = 2)
    String record(String requestId);

    /** Charges once per call: running it twice would charge twice, so it is retried only where it surely did not run. */
    @RpcMethod(timeoutMillis = TIMEOUT_MILLIS)
    String charge(String requestId);
}
