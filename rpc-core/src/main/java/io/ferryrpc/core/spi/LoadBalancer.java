package io.ferryrpc.core.spi;

import io.ferryrpc.core.internal.cluster.balance.Balancers;
import java.util.List;

/**
 * Chooses the provider of each call among the candidates the directory offers. Implementations are thread-safe
 * and fast: they run on every call.
 *
 * <pre>{@code
 * RpcClient.builder().defaultPolicy(CallPolicy.builder().loadBalancer(LoadBalancer.leastActive()).build())
 * }</pre>
 *
 * @since 0.1.0
 */
public interface LoadBalancer {

    /**
     * Returns one of {@code candidates} (never empty) for a call of {@code method} of {@code service} with
     * {@code arguments}.
     */
    <E extends Endpoint> E select(List<E> candidates, String service, String method, Object[] arguments);

    /** Returns the name this balancer is known by, as used in {@code @RpcMethod(loadBalancer = ...)}. */
    String name();

    /** Weighted random choice, the default: traffic proportional to weights. */
    static LoadBalancer weightedRandom() {
        return Balancers.WEIGHTED_RANDOM;
    }

    /** Smooth weighted round-robin (nginx's): exact proportions, spread out rather than in bursts. */
    static LoadBalancer roundRobin() {
        return Balancers.roundRobin();
    }

    /** Fewest calls in flight, weight-aware: slow providers accumulate calls and so get fewer new ones. */
    static LoadBalancer leastActive() {
        return Balancers.LEAST_ACTIVE;
    }

    /**
     * Consistent hashing on the given arguments (the first one if none are named), with virtual nodes: a key stays
     * on its provider, and a provider leaving moves only its own share of keys.
     */
    static LoadBalancer consistentHash(int... argumentIndexes) {
        return Balancers.consistentHash(argumentIndexes);
    }

    /**
     * Power of two choices on latency: two random providers, the one with the lower latency average times calls
     * in flight (per unit of weight) wins, so a slow provider loses traffic within seconds.
     */
    static LoadBalancer powerOfTwoChoices() {
        return Balancers.POWER_OF_TWO;
    }

    /** Returns the built-in balancer with the given name ({@code random}, {@code roundrobin}, {@code leastactive},
     * {@code consistenthash}, {@code p2c}).
     *
     * @throws IllegalArgumentException for another name
     */
    static LoadBalancer named(String name) {
        return Balancers.named(name);
    }
}
