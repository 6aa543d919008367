package io.ferryrpc.core.internal.cluster;

import io.ferryrpc.api.ClusterMode;
import io.ferryrpc.api.RpcMethod;
import io.ferryrpc.core.CallPolicy;
import io.ferryrpc.core.ServiceOptions;
import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.spi.LoadBalancer;

/**
 * The call policy of one method, resolved once when the proxy is made.
 *
 * @param timeoutMillis the deadline of a call, shared by its attempts
 * @param retries how many more attempts a failed call may get
 * @param idempotent whether calls that may have run can be retried
 * @param balancer the load balancer
 * @param cluster the cluster mode (never DEFAULT)
 * @param forks how many providers a forking call goes to
 */
public record MethodPolicy(long timeoutMillis, int retries, boolean idempotent, LoadBalancer balancer,
        ClusterMode cluster, int forks) {

    /**
     * Resolves the policy of {@code method}: the client's setting for the method, then for the service, then the
     * method's annotation, then the client's {@code defaults}.
     */
    public static MethodPolicy resolve(MethodDescriptor method, ServiceOptions service, MethodPolicy defaults) {
        CallPolicy own = service.method(method.name());
        CallPolicy all = service.policy();
        long timeout = own.timeout().or(all::timeout).map(d -> d.toMillis())
                .orElse(method.timeoutMillis() > 0 ? method.timeoutMillis() : defaults.timeoutMillis());
        int retries = own.retries().or(all::retries)
                .orElse(method.retries() != RpcMethod.DEFAULT_RETRIES ? method.retries() : defaults.retries());
        boolean idempotent = own.idempotent().or(all::idempotent).orElse(method.idempotent() || defaults.idempotent());
        LoadBalancer balancer = own.loadBalancer().or(all::loadBalancer)
                .orElseGet(() -> method.loadBalancer().isEmpty() ? defaults.balancer()
                        : LoadBalancer.named(method.loadBalancer()));
        ClusterMode cluster = own.cluster().or(all::cluster)
                .orElse(method.cluster() != ClusterMode.DEFAULT ? method.cluster() : defaults.cluster());
        int forks = own.forks().or(all::forks).orElse(defaults.forks());
        return new MethodPolicy(timeout, retries, idempotent, balancer, cluster, forks);
    }
}
