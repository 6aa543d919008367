package io.ferryrpc.core.internal.transport;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ejects a provider whose calls keep failing (broken connections, timeouts): after
 * {@link #CONSECUTIVE_FAILURES} failures in a row it gets no traffic for a period that doubles with each ejection
 * (1 s up to 60 s); then a single probe call decides whether it gets traffic back or is ejected for longer.
 * Thread-safe.
 */
public final class OutlierState {

    /** Failures in a row that eject a provider. */
    public static final int CONSECUTIVE_FAILURES = 5;

    private static final Logger log = LoggerFactory.getLogger(OutlierState.class);
    private static final long BASE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(60);

    private int consecutiveFailures;
    private int ejections;
    private long ejectedUntilNanos;
    private boolean ejected;
    private boolean probeInFlight;

    /** Returns whether a call may be sent now: not ejected, or ejected long enough and no probe out yet. */
    synchronized boolean admits() {
        return !ejected || System.nanoTime() >= ejectedUntilNanos && !probeInFlight;
    }

    /** Marks the call being sent as the probe, if the provider is on probation. */
    public synchronized void onSend() {
        if (ejected && System.nanoTime() >= ejectedUntilNanos) {
            probeInFlight = true;
        }
    }

    /** Records a call that reached the provider and was answered. */
    public synchronized void onSuccess() {
        if (ejected) {
            log.info("provider is back after its probe succeeded");
        }
        consecutiveFailures = 0;
        ejections = 0;
        ejected = false;
        probeInFlight = false;
    }

    /** Records an attempt that ended without telling anything about health (cancelled): a probe may go again. */
    public synchronized void onInconclusive() {
        probeInFlight = false;
    }

    /** Records a call that failed in a way that says the provider is unhealthy; returns whether it is ejected now. */
    public synchronized boolean onFailure(String address) {
        consecutiveFailures++;
        if (ejected && probeInFlight || !ejected && consecutiveFailures >= CONSECUTIVE_FAILURES) {
            ejections++;
            long period = Math.min(MAX_NANOS, BASE_NANOS << Math.min(ejections - 1, 6));
            ejected = true;
            probeInFlight = false;
            ejectedUntilNanos = System.nanoTime() + period;
            log.warn("ejecting provider {} for {} ms after {} failures in a row", address,
                    TimeUnit.NANOSECONDS.toMillis(period), consecutiveFailures);
            return true;
        }
        return ejected;
    }

    /** Returns whether the provider is ejected (including while on probation). */
    public synchronized boolean isEjected() {
        return ejected;
    }
}
