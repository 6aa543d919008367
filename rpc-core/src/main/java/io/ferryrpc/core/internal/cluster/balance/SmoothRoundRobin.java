package io.ferryrpc.core.internal.cluster.balance;

import io.ferryrpc.core.spi.Endpoint;
import io.ferryrpc.core.spi.LoadBalancer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * nginx's smooth weighted round-robin: each pick adds every weight to its provider's current value, takes the
 * largest and subtracts the total from it. Weights 5,1,1 give a,a,b,a,c,a,a.
 */
final class SmoothRoundRobin implements LoadBalancer {

    private final Map<String, Map<String, long[]>> state = new ConcurrentHashMap<>();

    @Override
    public <E extends Endpoint> E select(List<E> candidates, String service, String method, Object[] arguments) {
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        Map<String, long[]> current = state.computeIfAbsent(service + "#" + method, k -> new HashMap<>());
        synchronized (current) {
            long total = 0;
            E best = null;
            long[] bestValue = null;
            for (E e : candidates) {
                long[] value = current.computeIfAbsent(e.address(), a -> new long[1]);
                value[0] += e.weight();
                total += e.weight();
                if (bestValue == null || value[0] > bestValue[0]) {
                    best = e;
                    bestValue = value;
                }
            }
            bestValue[0] -= total;
            if (current.size() > candidates.size() * 2) {
                // Providers that left keep no state forever.
                current.keySet().retainAll(candidates.stream().map(Endpoint::address).toList());
            }
            return best;
        }
    }

    @Override
    public String name() {
        return "roundrobin";
    }
}
