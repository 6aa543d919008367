package io.ferryrpc.test;

import io.ferryrpc.api.RpcException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faults injected into one test provider, per method name ({@link #ALL_METHODS} for every method): a delay
 * before the method runs, and a failure instead of running it, for a number of calls or until cleared. Also counts
 * the calls that reached the provider. Rules apply to calls that arrive after they are set. Thread-safe.
 *
 * <pre>{@code
 * ferry.provider("payment-1").faults()
 *         .delay("pay", Duration.ofMillis(300))
 *         .fail("refund", RpcException.Code.SERVER_BUSY, 2);   // the next two refunds
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ProviderFaults {

    /** The method name that makes a rule apply to every method. */
    public static final String ALL_METHODS = "*";

    /** A rule: delay, then either fail with {@code code} or proceed; for {@code remaining} calls, or all if -1. */
    record Rule(Duration delay, RpcException.Code code, AtomicInteger remaining) {

        /** Returns whether this rule still applies, and takes one use of it if it is counted. */
        boolean take() {
            if (remaining.get() < 0) {
                return true;
            }
            while (true) {
                int left = remaining.get();
                if (left == 0) {
                    return false;
                }
                if (remaining.compareAndSet(left, left - 1)) {
                    return true;
                }
            }
        }
    }

    private final Map<String, Rule> delays = new ConcurrentHashMap<>();
    private final Map<String, Rule> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    ProviderFaults() {}

    /** Delays every later call of {@code method} by {@code delay} before it runs, until cleared. */
    public ProviderFaults delay(String method, Duration delay) {
        Objects.requireNonNull(method, "method");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay: " + delay + " (expected: >= 0)");
        }
        delays.put(method, new Rule(delay, null, new AtomicInteger(-1)));
        return this;
    }

    /** Fails every later call of {@code method} with {@code code}, without running it, until cleared. */
    public ProviderFaults fail(String method, RpcException.Code code) {
        return fail(method, code, -1);
    }

    /** Fails the next {@code times} calls of {@code method} with {@code code}, without running them. */
    public ProviderFaults fail(String method, RpcException.Code code, int times) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(code, "code");
        if (times == 0 || times < -1) {
            throw new IllegalArgumentException("times: " + times + " (expected: > 0)");
        }
        failures.put(method, new Rule(Duration.ZERO, code, new AtomicInteger(times)));
        return this;
    }

    /** Removes every delay and failure; the call counts stay. */
    public ProviderFaults clear() {
        delays.clear();
        failures.clear();
        return this;
    }

    /** Returns how many calls of {@code method} reached this provider (ran or were failed by a rule). */
    public int calls(String method) {
        AtomicInteger count = calls.get(method);
        return count == null ? 0 : count.get();
    }

    /** Resets the call counts. */
    public void resetCalls() {
        calls.clear();
    }

    /** Counts a call and returns the delay to apply to it, if any. */
    Optional<Duration> arrive(String method) {
        calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
        Rule rule = delays.getOrDefault(method, delays.get(ALL_METHODS));
        return rule != null && rule.take() ? Optional.of(rule.delay()) : Optional.empty();
    }

    /** Returns the failure to answer {@code method} with instead of running it, if any. */
    Optional<RpcException.Code> failure(String method) {
        Rule rule = failures.get(method);
        if (rule == null || !rule.take()) {
            rule = failures.get(ALL_METHODS);
            if (rule == null || !rule.take()) {
                return Optional.empty();
            }
        }
        return Optional.of(rule.code());
    }
}
