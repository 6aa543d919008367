package io.ferryrpc.monitor.internal;

import io.ferryrpc.monitor.push.Histogram;
import io.ferryrpc.monitor.push.ReportInterval;
import io.ferryrpc.monitor.push.SeriesReport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The intervals a reporter has not had confirmed, bounded: when full, the oldest two are folded into one. Folding
 * loses only time resolution, never counts, because every series carries its cumulative histogram as well as its
 * change. Not thread-safe: the reporter's one thread owns it.
 */
public final class ReportBuffer {

    private record Identity(String side, String service, String method, String status, String errorType,
            String peerAddress, String peerPort, String application) {
        static Identity of(SeriesReport s) {
            return new Identity(s.side(), s.service(), s.method(), s.status(), s.errorType(), s.peerAddress(),
                    s.peerPort(), s.application());
        }
    }

    private final int capacity;
    private final Deque<ReportInterval> intervals = new ArrayDeque<>();
    private long folded;

    /** Creates a buffer of at most {@code capacity} intervals (at least 2). */
    public ReportBuffer(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: at least 2)");
        }
        this.capacity = capacity;
    }

    /** Appends an interval, folding the oldest two first if the buffer is full. */
    public void add(ReportInterval interval) {
        if (intervals.size() >= capacity) {
            ReportInterval first = intervals.pollFirst();
            ReportInterval second = intervals.pollFirst();
            intervals.addFirst(fold(first, second));
            folded++;
        }
        intervals.addLast(interval);
    }

    /** Returns up to {@code max} of the oldest intervals. */
    public List<ReportInterval> oldest(int max) {
        List<ReportInterval> result = new ArrayList<>(Math.min(max, intervals.size()));
        for (ReportInterval interval : intervals) {
            if (result.size() == max) {
                break;
            }
            result.add(interval);
        }
        return result;
    }

    /** Forgets every interval whose last number is at most {@code sequence}: the center holds them. */
    public void confirm(long sequence) {
        while (!intervals.isEmpty() && intervals.peekFirst().sequence() <= sequence) {
            intervals.pollFirst();
        }
    }

    /** Returns how many intervals wait. */
    public int size() {
        return intervals.size();
    }

    /** Returns how many times two intervals were folded into one because the buffer was full. */
    public long folded() {
        return folded;
    }

    /** Folds two consecutive intervals: later cumulative counts, summed changes. */
    static ReportInterval fold(ReportInterval earlier, ReportInterval later) {
        Map<Identity, SeriesReport> merged = new LinkedHashMap<>();
        for (SeriesReport s : earlier.series()) {
            merged.put(Identity.of(s), s);
        }
        for (SeriesReport s : later.series()) {
            merged.merge(Identity.of(s), s, (a, b) -> new SeriesReport(b.side(), b.service(), b.method(), b.status(),
                    b.errorType(), b.peerAddress(), b.peerPort(), b.application(), b.total(),
                    sum(a.delta(), b.delta()), b.providerTotal() != null ? b.providerTotal() : a.providerTotal(),
                    sum(a.providerDelta(), b.providerDelta())));
        }
        return new ReportInterval(earlier.firstSequence(), later.sequence(), earlier.startMillis(),
                later.endMillis(), List.copyOf(merged.values()));
    }

    private static Histogram sum(Histogram a, Histogram b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return HistogramCounts.fromWire(a).plus(HistogramCounts.fromWire(b)).toWire();
    }
}
