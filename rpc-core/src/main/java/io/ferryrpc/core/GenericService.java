package io.ferryrpc.core;

import io.ferryrpc.core.spi.ServiceKey;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Calls any method of a service without its interface or classes: arguments are given as generic values — maps
 * of field names to values for objects and records, lists for collections and arrays, strings, numbers and booleans
 * for scalars, enum constants by name, dates and times as ISO-8601 strings — and the provider converts them to the
 * declared parameter types. The result comes back the same way. What gateways, test tools and the {@code ferry}
 * command line need.
 *
 * <p>Safe by design: the provider builds only the declared types and their fields, never a class the caller names
 * (a key that is not a field fails with {@code SERIALIZATION}), and a provider may switch generic calls off
 * ({@code RpcServer.Builder.genericCalls(false)}). Generic calls go through the cluster layer, authentication and
 * filters like any other. Get one from {@link RpcClient#generic}. Thread-safe.
 *
 * <pre>{@code
 * GenericService payments = client.generic(new ServiceKey("shop.PaymentService", "1.0", ""));
 * Map<?, ?> receipt = (Map<?, ?>) payments.invoke("pay",
 *         Map.of("orderId", "o-1", "account", "alice", "amount", "12.50"));
 * }</pre>
 *
 * @since 0.1.0
 */
public interface GenericService {

    /** Returns the service this calls. */
    ServiceKey service();

    /**
     * Calls the method named {@code method} that takes as many arguments as given, and waits for its result.
     * Needs a registry, whose providers publish their methods' signatures.
     *
     * @return the result as a generic value
     * @throws IllegalArgumentException if the service has no such method, or several (then name the parameter
     *     types), or without a registry
     * @throws io.ferryrpc.api.RpcException as a proxy call would; an exception the method threw arrives as
     *     {@code REMOTE_ERROR} naming its class, unless that class is on this side's class path
     */
    Object invoke(String method, Object... arguments);

    /**
     * Calls the method with the given parameter types, as the provider's signature spells them
     * ({@code "java.lang.String"}, {@code "java.util.List<com.acme.Item>"}); works without a registry.
     */
    Object invoke(String method, List<String> parameterTypes, Object... arguments);

    /** Like {@link #invoke(String, Object...)}, returning at once; the future completes off the IO threads. */
    CompletableFuture<Object> invokeAsync(String method, Object... arguments);
}
