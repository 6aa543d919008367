package io.ferryrpc.core.filter;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.spi.Invocation;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Caps, per method, how many calls run at once and how many start per second; a call over either cap fails at once
 * with {@link RpcException.Code#SERVER_BUSY}, without running. On a provider the consumer may then try another
 * provider (the code is retryable); on a consumer the call never leaves.
 *
 * <p>Limits apply to each method separately (overloads share one), keyed by {@code Service#method}; a method
 * without its own limit gets the default, if any. The rate limit lets a burst of up to one second's worth of calls
 * through at once, then spaces them evenly (a generic cell rate algorithm: one atomic value per method, no lock,
 * no timer thread). Immutable and thread-safe.
 *
 * <pre>{@code
 * RpcServer.builder().filter(MethodLimitFilter.builder()
 *         .maxConcurrent(200)                                   // every method
 *         .maxConcurrent(PaymentService.class, "pay", 20)
 *         .maxPerSecond(PaymentService.class, "refund", 50)
 *         .build());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class MethodLimitFilter implements Filter {

    private final Limit defaults;
    private final Map<String, Limit> perMethod;
    private final Side side;
    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();
    private final LongAdder rejected = new LongAdder();

    /** A concurrency cap and a rate cap; 0 means none. */
    private record Limit(int maxConcurrent, int maxPerSecond) {}

    /** The live counters of one method. */
    private static final class State {
        final Limit limit;
        final long intervalNanos;
        final AtomicInteger running = new AtomicInteger();
        /** The earliest time the next call conforms to the rate, as {@link System#nanoTime()}. */
        final AtomicLong theoreticalArrival = new AtomicLong(System.nanoTime());

        State(Limit limit) {
            this.limit = limit;
            this.intervalNanos = limit.maxPerSecond() > 0 ? TimeUnit.SECONDS.toNanos(1) / limit.maxPerSecond() : 0;
        }

        /** Returns whether one more call may start now under the rate limit, and if so counts it. */
        boolean admitByRate() {
            if (intervalNanos == 0) {
                return true;
            }
            long burst = TimeUnit.SECONDS.toNanos(1);
            while (true) {
                long now = System.nanoTime();
                long tat = theoreticalArrival.get();
                long next = Math.max(tat, now) + intervalNanos;
                if (next - now > burst) {
                    return false;
                }
                if (theoreticalArrival.compareAndSet(tat, next)) {
                    return true;
                }
            }
        }
    }

    private MethodLimitFilter(Builder b) {
        this.defaults = new Limit(b.defaultConcurrent, b.defaultPerSecond);
        this.perMethod = Map.copyOf(b.perMethod);
        this.side = b.side;
    }

    /** Returns a builder of a provider-side filter with no limits yet. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean appliesTo(Side s) {
        return s == side;
    }

    /** Runs inside authentication, the access log and metrics, so they see its refusals. */
    @Override
    public int order() {
        return Integer.MIN_VALUE + 3000;
    }

    @Override
    public CompletionStage<Object> filter(Invocation invocation, Chain next) {
        String key = invocation.service().name() + "#" + invocation.method();
        State state = states.get(key);
        if (state == null) {
            Limit limit = perMethod.getOrDefault(key, defaults);
            if (limit.maxConcurrent() == 0 && limit.maxPerSecond() == 0) {
                return next.proceed(invocation);
            }
            state = states.computeIfAbsent(key, k -> new State(limit));
        }
        int max = state.limit.maxConcurrent();
        if (max > 0 && state.running.incrementAndGet() > max) {
            state.running.decrementAndGet();
            return busy(key, "more than " + max + " calls at once");
        }
        if (!state.admitByRate()) {
            if (max > 0) {
                state.running.decrementAndGet();
            }
            return busy(key, "more than " + state.limit.maxPerSecond() + " calls per second");
        }
        if (max == 0) {
            return next.proceed(invocation);
        }
        State running = state;
        CompletionStage<Object> stage;
        try {
            stage = next.proceed(invocation);
        } catch (RuntimeException | Error e) {
            running.running.decrementAndGet();
            throw e;
        }
        return stage.whenComplete((value, error) -> running.running.decrementAndGet());
    }

    private CompletionStage<Object> busy(String key, String why) {
        rejected.increment();
        return CompletableFuture.failedFuture(new RpcException(RpcException.Code.SERVER_BUSY,
                key + " refused: " + why + " (limit set on the " + side.name().toLowerCase(java.util.Locale.ROOT)
                        + ")"));
    }

    /** Returns how many calls this filter has refused. */
    public long rejected() {
        return rejected.sum();
    }

    /** Returns how many calls of {@code service}'s method {@code method} run inside this filter now. */
    public int running(Class<?> service, String method) {
        State state = states.get(Builder.key(service, method));
        return state == null ? 0 : state.running.get();
    }

    /** Builds a {@link MethodLimitFilter}; not thread-safe. */
    public static final class Builder {
        private int defaultConcurrent;
        private int defaultPerSecond;
        private final Map<String, Limit> perMethod = new HashMap<>();
        private Side side = Side.PROVIDER;

        private Builder() {}

        static String key(Class<?> service, String method) {
            io.ferryrpc.api.RpcService annotation = service.getAnnotation(io.ferryrpc.api.RpcService.class);
            String name = annotation == null || annotation.name().isEmpty() ? service.getName() : annotation.name();
            return name + "#" + method;
        }

        /** The side the filter runs on; default {@link Side#PROVIDER}. */
        public Builder side(Side side) {
            this.side = Objects.requireNonNull(side, "side");
            return this;
        }

        /** The most calls of any one method without a limit of its own that may run at once; default no cap. */
        public Builder maxConcurrent(int max) {
            this.defaultConcurrent = positive(max, "maxConcurrent");
            return this;
        }

        /** The most calls per second of any one method without a limit of its own; default no cap. */
        public Builder maxPerSecond(int max) {
            this.defaultPerSecond = positive(max, "maxPerSecond");
            return this;
        }

        /** The most calls of {@code service}'s method {@code method} that may run at once. */
        public Builder maxConcurrent(Class<?> service, String method, int max) {
            String key = key(service, method);
            Limit old = perMethod.getOrDefault(key, new Limit(0, 0));
            perMethod.put(key, new Limit(positive(max, "maxConcurrent"), old.maxPerSecond()));
            return this;
        }

        /** The most calls per second of {@code service}'s method {@code method}. */
        public Builder maxPerSecond(Class<?> service, String method, int max) {
            String key = key(service, method);
            Limit old = perMethod.getOrDefault(key, new Limit(0, 0));
            perMethod.put(key, new Limit(old.maxConcurrent(), positive(max, "maxPerSecond")));
            return this;
        }

        /** Returns the filter. */
        public MethodLimitFilter build() {
            return new MethodLimitFilter(this);
        }

        private static int positive(int value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
            }
            return value;
        }
    }
}
