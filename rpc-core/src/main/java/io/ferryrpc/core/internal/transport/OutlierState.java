package io.ferryrpc.core.internal.transport;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ejects a provider whose calls keep failing (broken connections, timeouts): after
 * {@link #CONSECUTIVE_FAILURES} failures in a row it gets no traffic for a period that doubles with each ejection
 * (1 s up to 60 s); then exactly one probe call decides whether it gets traffic back or is ejected for longer.
 * Only the probe's own outcome ends or extends an ejection.
 *
 * <p>A failure counts only if no call sent after the failed one has been answered since: timeouts surface when the
 * timer fires, in batches, long after their calls were sent, so a method that times out now and then on purpose
 * would otherwise eject a provider that answers everything else, as soon as a batch held five of them. Thread-safe.
 */
public final class OutlierState {

    /** Failures in a row that eject a provider. */
    public static final int CONSECUTIVE_FAILURES = 5;

    /** What a caller may do with the provider now. */
    public enum Admission {
        /** Not ejected: send as usual. */
        NORMAL,
        /** Ejection over: this call is the one probe. */
        PROBE,
        /** Ejected, or another call is already probing. */
        REFUSED
    }

    private static final Logger log = LoggerFactory.getLogger(OutlierState.class);
    private static final long BASE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long ANSWERED_GRANULARITY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    // Written under the lock; read without it on the paths every healthy call takes, which then change nothing.
    private volatile int consecutiveFailures;
    /**
     * When the latest-sent call that was answered was sent ({@link System#nanoTime()}); kept to a millisecond, so
     * that busy providers do not write it on every call. Racing updates may keep an older value: that only makes a
     * failure more likely to count.
     */
    private volatile long answeredSentNanos = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    private int ejections;
    private long ejectedUntilNanos;
    private volatile boolean ejected;
    private boolean probeInFlight;

    /** Returns whether a call could be admitted now, without claiming anything (a pre-filter). */
    boolean admits() {
        if (!ejected) {
            return true;
        }
        synchronized (this) {
            return !ejected || System.nanoTime() >= ejectedUntilNanos && !probeInFlight;
        }
    }

    /** Admits a call atomically, claiming the probe if the provider is on probation. */
    public Admission tryAdmit() {
        if (!ejected) {
            return Admission.NORMAL;
        }
        return tryAdmitEjected();
    }

    private synchronized Admission tryAdmitEjected() {
        if (!ejected) {
            return Admission.NORMAL;
        }
        if (System.nanoTime() >= ejectedUntilNanos && !probeInFlight) {
            probeInFlight = true;
            return Admission.PROBE;
        }
        return Admission.REFUSED;
    }

    /** Records an answered call, sent at {@code sentNanos}; a successful probe gives the provider its traffic back. */
    public void onSuccess(boolean probe, long sentNanos) {
        if (sentNanos - answeredSentNanos > ANSWERED_GRANULARITY_NANOS) {
            answeredSentNanos = sentNanos;
        }
        if (!probe && !ejected && consecutiveFailures == 0) {
            return;
        }
        recordSuccess(probe);
    }

    private synchronized void recordSuccess(boolean probe) {
        consecutiveFailures = 0;
        if (probe && ejected) {
            log.info("provider is back after its probe succeeded");
            ejected = false;
            ejections = 0;
            probeInFlight = false;
        }
    }

    /**
     * Records a call, sent at {@code sentNanos}, that failed in a way that says the provider may be unhealthy; it
     * does not count if the provider has answered a call sent later (see above).
     */
    public synchronized void onFailure(String address, boolean probe, long sentNanos) {
        if (!probe && answeredSentNanos - sentNanos > 0) {
            return;
        }
        consecutiveFailures = consecutiveFailures + 1;
        if (probe && ejected || !ejected && consecutiveFailures >= CONSECUTIVE_FAILURES) {
            ejections++;
            long period = Math.min(MAX_NANOS, BASE_NANOS << Math.min(ejections - 1, 6));
            ejected = true;
            probeInFlight = false;
            ejectedUntilNanos = System.nanoTime() + period;
            log.warn("ejecting provider {} for {} ms after {} failures in a row", address,
                    TimeUnit.NANOSECONDS.toMillis(period), consecutiveFailures);
        }
    }

    /** Records a call that ended without telling anything about health (cancelled); a probe may go again. */
    public synchronized void onInconclusive(boolean probe) {
        if (probe) {
            probeInFlight = false;
        }
    }

}
