package io.ferryrpc.core.internal.cluster.balance;

import io.ferryrpc.core.spi.Endpoint;
import io.ferryrpc.core.spi.LoadBalancer;
import java.util.ArrayList;
import java.util.List;

/** Picks among the providers with the fewest calls in flight, by weight among ties. */
final class LeastActive implements LoadBalancer {

    @Override
    public <E extends Endpoint> E select(List<E> candidates, String service, String method, Object[] arguments) {
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        int least = Integer.MAX_VALUE;
        List<E> tied = new ArrayList<>(candidates.size());
        for (E e : candidates) {
            int active = e.active();
            if (active < least) {
                least = active;
                tied.clear();
            }
            if (active == least) {
                tied.add(e);
            }
        }
        return tied.size() == 1 ? tied.get(0) : Balancers.WEIGHTED_RANDOM.select(tied, service, method, arguments);
    }

    @Override
    public String name() {
        return "leastactive";
    }
}
