package io.ferryrpc.core.internal.cluster.balance;

import io.ferryrpc.core.spi.Endpoint;
import io.ferryrpc.core.spi.LoadBalancer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A ketama ring with 160 virtual nodes per provider, keyed by the chosen arguments' {@code toString()} (only hashed,
 * never logged): a key stays on its provider, and a provider leaving moves only the keys it held.
 */
final class ConsistentHash implements LoadBalancer {

    private static final int VIRTUAL_NODES = 160;

    private final int[] argumentIndexes;
    private final Map<String, Ring> rings = new ConcurrentHashMap<>();

    ConsistentHash(int[] argumentIndexes) {
        this.argumentIndexes = argumentIndexes;
    }

    private record Ring(List<String> addresses, TreeMap<Long, String> points) {}

    @Override
    public <E extends Endpoint> E select(List<E> candidates, String service, String method, Object[] arguments) {
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        List<String> addresses = candidates.stream().map(Endpoint::address).sorted().toList();
        String key = service + "#" + method;
        Ring ring = rings.get(key);
        if (ring == null || !ring.addresses().equals(addresses)) {
            ring = build(addresses);
            rings.put(key, ring);
        }
        Map.Entry<Long, String> point = ring.points().ceilingEntry(hash(key(arguments)));
        String address = (point != null ? point : ring.points().firstEntry()).getValue();
        for (E e : candidates) {
            if (e.address().equals(address)) {
                return e;
            }
        }
        return candidates.get(0);
    }

    private String key(Object[] arguments) {
        StringBuilder sb = new StringBuilder();
        for (int index : argumentIndexes) {
            if (arguments != null && index < arguments.length) {
                sb.append(Objects.toString(arguments[index])).append('\u0000');
            }
        }
        return sb.toString();
    }

    private static Ring build(List<String> addresses) {
        TreeMap<Long, String> points = new TreeMap<>();
        for (String address : addresses) {
            for (int i = 0; i < VIRTUAL_NODES / 4; i++) {
                byte[] digest = md5(address + "#" + i);
                for (int k = 0; k < 4; k++) {
                    points.put(point(digest, k), address);
                }
            }
        }
        return new Ring(addresses, points);
    }

    private static long hash(String key) {
        return point(md5(key), 0);
    }

    private static long point(byte[] digest, int k) {
        return ((long) (digest[3 + k * 4] & 0xFF) << 24 | (long) (digest[2 + k * 4] & 0xFF) << 16
                | (long) (digest[1 + k * 4] & 0xFF) << 8 | digest[k * 4] & 0xFF) & 0xFFFFFFFFL;
    }

    private static byte[] md5(String s) {
        try {
            return MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    @Override
    public String name() {
        return "consistenthash";
    }

    @Override
    public String toString() {
        return "consistenthash" + Arrays.toString(argumentIndexes);
    }
}
