package io.ferryrpc.core.internal.cluster.balance;

import io.ferryrpc.core.spi.LoadBalancer;

/** Instances and names of the built-in balancers. */
public final class Balancers {

    /** The shared weighted-random balancer. */
    public static final LoadBalancer WEIGHTED_RANDOM = new WeightedRandom();

    /** The shared least-active balancer. */
    public static final LoadBalancer LEAST_ACTIVE = new LeastActive();

    /** The shared power-of-two-choices balancer. */
    public static final LoadBalancer POWER_OF_TWO = new PowerOfTwoChoices();

    private Balancers() {}

    /** Returns a new round-robin balancer (it keeps per-method state). */
    public static LoadBalancer roundRobin() {
        return new SmoothRoundRobin();
    }

    /** Returns a new consistent-hash balancer on the given argument indexes. */
    public static LoadBalancer consistentHash(int... argumentIndexes) {
        return new ConsistentHash(argumentIndexes.length == 0 ? new int[] {0} : argumentIndexes.clone());
    }

    /** Returns the balancer with the given name. */
    public static LoadBalancer named(String name) {
        return switch (name) {
            case "random" -> WEIGHTED_RANDOM;
            case "roundrobin" -> roundRobin();
            case "leastactive" -> LEAST_ACTIVE;
            case "consistenthash" -> consistentHash();
            case "p2c" -> POWER_OF_TWO;
            default -> throw new IllegalArgumentException("load balancer: " + name
                    + " (expected one of random, roundrobin, leastactive, consistenthash, p2c)");
        };
    }
}
