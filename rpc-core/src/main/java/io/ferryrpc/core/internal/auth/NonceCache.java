package io.ferryrpc.core.internal.auth;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The nonces of the most recent signed calls, to refuse a request sent twice. Bounded: beyond {@code capacity} the
 * oldest nonce is forgotten, so a replay is caught only while its nonce is among the last {@code capacity} seen —
 * at a higher call rate than {@code capacity} per clock-skew window, an old request may be replayed within the
 * window. Thread-safe.
 */
final class NonceCache {

    private final int capacity;
    private final Map<String, Boolean> seen = new ConcurrentHashMap<>();
    private final Queue<String> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    NonceCache(int capacity) {
        this.capacity = capacity;
    }

    /** Records {@code nonce}; returns {@code false} if it was already there (a replay). */
    boolean firstUse(String nonce) {
        if (seen.putIfAbsent(nonce, Boolean.TRUE) != null) {
            return false;
        }
        order.add(nonce);
        if (size.incrementAndGet() > capacity) {
            String oldest = order.poll();
            if (oldest != null) {
                seen.remove(oldest);
                size.decrementAndGet();
            }
        }
        return true;
    }

    /** Returns how many nonces are remembered now. */
    int size() {
        return size.get();
    }
}
