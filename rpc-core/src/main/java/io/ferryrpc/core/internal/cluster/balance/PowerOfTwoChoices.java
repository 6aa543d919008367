package io.ferryrpc.core.internal.cluster.balance;

import io.ferryrpc.core.spi.Endpoint;
import io.ferryrpc.core.spi.LoadBalancer;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two random providers; the one with the lower cost wins, cost being the latency average times (calls in flight
 * + 1) per unit of weight. A provider without answers yet counts as fast, so new providers get tried.
 */
final class PowerOfTwoChoices implements LoadBalancer {

    @Override
    public <E extends Endpoint> E select(List<E> candidates, String service, String method, Object[] arguments) {
        int size = candidates.size();
        if (size == 1) {
            return candidates.get(0);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int i = random.nextInt(size);
        int j = random.nextInt(size - 1);
        if (j >= i) {
            j++;
        }
        E a = candidates.get(i);
        E b = candidates.get(j);
        return cost(a) <= cost(b) ? a : b;
    }

    private static double cost(Endpoint e) {
        return (double) Math.max(1, e.latencyEwmaNanos()) * (e.active() + 1) / e.weight();
    }

    @Override
    public String name() {
        return "p2c";
    }
}
