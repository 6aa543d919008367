package io.ferryrpc.core.internal.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning logged at most once per interval, with the number of occurrences it stands for: what an attack (a
 * connection flood, slow-loris clients) triggers thousands of times a second must not flood the log as well.
 * Thread-safe.
 */
public final class RateLimitedWarning {

    private final long intervalNanos;
    private final AtomicLong nextNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong unlogged = new AtomicLong();

    /** Creates a warning logged at most once per {@code intervalMillis}. */
    public RateLimitedWarning(long intervalMillis) {
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    }

    /** Logs {@code format} (with its two arguments and the count since the last logged one) if the interval passed. */
    public void warn(Logger log, String format, Object first, Object second) {
        long count = unlogged.incrementAndGet();
        long now = System.nanoTime();
        long next = nextNanos.get();
        if (now - next >= 0 && nextNanos.compareAndSet(next, now + intervalNanos)) {
            unlogged.addAndGet(-count);
            log.warn(format + " ({} such events since the last warning)", first, second, count);
        }
    }
}
