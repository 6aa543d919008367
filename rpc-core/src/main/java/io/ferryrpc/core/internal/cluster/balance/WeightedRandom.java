package io.ferryrpc.core.internal.cluster.balance;

import io.ferryrpc.core.spi.Endpoint;
import io.ferryrpc.core.spi.LoadBalancer;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Picks with probability proportional to weight. */
final class WeightedRandom implements LoadBalancer {

    @Override
    public <E extends Endpoint> E select(List<E> candidates, String service, String method, Object[] arguments) {
        int size = candidates.size();
        if (size == 1) {
            return candidates.get(0);
        }
        long total = 0;
        for (E e : candidates) {
            total += e.weight();
        }
        long point = ThreadLocalRandom.current().nextLong(total);
        for (E e : candidates) {
            point -= e.weight();
            if (point < 0) {
                return e;
            }
        }
        return candidates.get(size - 1);
    }

    @Override
    public String name() {
        return "random";
    }
}
