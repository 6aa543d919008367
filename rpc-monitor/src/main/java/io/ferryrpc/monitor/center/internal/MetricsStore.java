package io.ferryrpc.monitor.center.internal;

import io.ferryrpc.monitor.internal.HistogramCounts;
import io.ferryrpc.monitor.internal.LatencyLayout;
import io.ferryrpc.monitor.push.MetricsReport;
import io.ferryrpc.monitor.push.PushAck;
import io.ferryrpc.monitor.push.ReportInterval;
import io.ferryrpc.monitor.push.SeriesReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the center knows, merged from every node's reports.
 *
 * <p>Per node it keeps the last cumulative counts of each series: exact totals whatever was lost or sent twice
 * (intervals already applied are skipped by number), and exact changes between two reports of a node it knows.
 * Only a node's first report to this center relies on the change the node computed itself. Changes are added to
 * fixed time slots over a bounded history, from which windows, rates and percentiles are computed. Nodes silent
 * for longer than the history are forgotten, their totals kept so that counters never go down. The number of
 * series is bounded.
 */
public final class MetricsStore {

    private static final Logger log = LoggerFactory.getLogger(MetricsStore.class);

    /** A node as the center knows it. */
    public record NodeInfo(String nodeId, String application, String host, long pid, long lastSeenMillis) {}

    private static final class Node {
        final String id;
        String application;
        String host;
        long pid;
        long appliedThrough;
        long lastSeenMillis;
        final Map<SeriesId, Sample> totals = new HashMap<>();

        Node(String id) {
            this.id = id;
        }
    }

    private final long slotMillis;
    private final long historyMillis;
    private final int maxSeries;
    private final LongSupplier clock;
    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<SeriesId, Sample> retired = new HashMap<>();
    private final Map<SeriesId, NavigableMap<Long, Sample>> slots = new HashMap<>();
    private long lastExpiry;
    private long reports;
    private long rejectedReports;
    private long droppedSeries;

    /** Creates a store with slots of {@code slot} over {@code history}, keeping at most {@code maxSeries}. */
    public MetricsStore(Duration slot, Duration history, int maxSeries, LongSupplier clock) {
        this.slotMillis = slot.toMillis();
        this.historyMillis = history.toMillis();
        this.maxSeries = maxSeries;
        this.clock = clock;
        if (slotMillis <= 0 || historyMillis < slotMillis) {
            throw new IllegalArgumentException("slot " + slot + " and history " + history
                    + " (expected: a positive slot no longer than the history)");
        }
    }

    /** Returns the width of a time slot in milliseconds. */
    public long slotMillis() {
        return slotMillis;
    }

    /** Returns how far back slots are kept, in milliseconds. */
    public long historyMillis() {
        return historyMillis;
    }

    /**
     * Merges a report and returns the last interval of its node now held.
     *
     * @throws IllegalArgumentException if the report is malformed or uses another bucket layout
     */
    public synchronized PushAck apply(MetricsReport report) {
        try {
            validate(report);
        } catch (IllegalArgumentException e) {
            rejectedReports++;
            throw e;
        }
        long now = clock.getAsLong();
        reports++;
        Node node = nodes.computeIfAbsent(report.nodeId(), Node::new);
        node.application = report.application() == null ? "" : report.application();
        node.host = report.host() == null ? "" : report.host();
        node.pid = report.pid();
        node.lastSeenMillis = now;
        List<ReportInterval> intervals = new ArrayList<>(report.intervals() == null ? List.of() : report.intervals());
        intervals.sort(Comparator.comparingLong(ReportInterval::sequence));
        for (ReportInterval interval : intervals) {
            if (interval.sequence() <= node.appliedThrough) {
                continue; // sent again after a lost answer: already held
            }
            long at = Math.max(now - historyMillis + slotMillis, Math.min(now, interval.endMillis()));
            for (SeriesReport s : interval.series() == null ? List.<SeriesReport>of() : interval.series()) {
                apply(node, s, slotOf(at));
            }
            node.appliedThrough = interval.sequence();
        }
        expire(now);
        return new PushAck(node.appliedThrough);
    }

    private void apply(Node node, SeriesReport s, long slot) {
        SeriesId id = SeriesId.of(s);
        if (!slots.containsKey(id) && slots.size() >= maxSeries) {
            if (droppedSeries++ == 0) {
                log.warn("more than {} series; new ones are dropped", maxSeries);
            }
            return;
        }
        Sample total = new Sample(HistogramCounts.fromWire(s.total()), HistogramCounts.fromWire(s.providerTotal()));
        Sample previous = node.totals.get(id);
        Sample change = previous == null ? null : total.minus(previous);
        if (change == null || change.negative()) {
            change = new Sample(HistogramCounts.fromWire(s.delta()), HistogramCounts.fromWire(s.providerDelta()));
        }
        node.totals.put(id, total);
        slots.computeIfAbsent(id, k -> new TreeMap<>()).merge(slot, change, Sample::plus);
    }

    private static void validate(MetricsReport report) {
        if (report == null || report.nodeId() == null || report.nodeId().isEmpty()) {
            throw new IllegalArgumentException("a report needs a node id");
        }
        if (report.layout() != LatencyLayout.ID) {
            throw new IllegalArgumentException("report of node " + report.nodeId() + " uses latency bucket layout "
                    + report.layout() + ", this center " + LatencyLayout.ID + ": upgrade one of them");
        }
        for (ReportInterval interval : report.intervals() == null ? List.<ReportInterval>of() : report.intervals()) {
            for (SeriesReport s : interval.series() == null ? List.<SeriesReport>of() : interval.series()) {
                SeriesId.of(s);
                HistogramCounts.fromWire(s.total());
                HistogramCounts.fromWire(s.delta());
                HistogramCounts.fromWire(s.providerTotal());
                HistogramCounts.fromWire(s.providerDelta());
            }
        }
    }

    private long slotOf(long millis) {
        return millis - Math.floorMod(millis, slotMillis);
    }

    private void expire(long now) {
        // Once per slot is enough, and keeps a push from many nodes from walking every series each time.
        if (now - lastExpiry < slotMillis) {
            return;
        }
        lastExpiry = now;
        long oldest = slotOf(now - historyMillis);
        nodes.values().removeIf(node -> {
            if (node.lastSeenMillis >= now - historyMillis) {
                return false;
            }
            node.totals.forEach((id, total) -> retired.merge(id, total, Sample::plus));
            log.info("forgot node {} of {} ({}): silent for longer than {} ms", node.id, node.application,
                    node.host, historyMillis);
            return true;
        });
        for (NavigableMap<Long, Sample> perSlot : slots.values()) {
            perSlot.headMap(oldest, false).clear();
        }
    }

    /** Returns each series' cumulative counts over every node, including forgotten ones. */
    public synchronized Map<SeriesId, Sample> totals() {
        Map<SeriesId, Sample> sums = new HashMap<>(retired);
        for (Node node : nodes.values()) {
            node.totals.forEach((id, total) -> sums.merge(id, total, Sample::plus));
        }
        return sums;
    }

    /** Returns each series' calls in slots from {@code fromMillis} on. */
    public synchronized Map<SeriesId, Sample> window(long fromMillis) {
        Map<SeriesId, Sample> sums = new HashMap<>();
        slots.forEach((id, perSlot) -> {
            for (Sample s : perSlot.tailMap(slotOf(fromMillis), true).values()) {
                sums.merge(id, s, Sample::plus);
            }
        });
        return sums;
    }

    /** Returns a copy of each series' slots. */
    public synchronized Map<SeriesId, NavigableMap<Long, Sample>> history() {
        Map<SeriesId, NavigableMap<Long, Sample>> copy = new HashMap<>();
        slots.forEach((id, perSlot) -> copy.put(id, new TreeMap<>(perSlot)));
        return copy;
    }

    /** Returns the nodes the center knows. */
    public synchronized List<NodeInfo> nodes() {
        return nodes.values().stream()
                .map(n -> new NodeInfo(n.id, n.application, n.host, n.pid, n.lastSeenMillis))
                .sorted(Comparator.comparing(NodeInfo::application).thenComparing(NodeInfo::host))
                .toList();
    }

    /** Returns how many reports were merged. */
    public synchronized long reports() {
        return reports;
    }

    /** Returns how many reports were refused as malformed or incompatible. */
    public synchronized long rejectedReports() {
        return rejectedReports;
    }

    /** Returns how many series changes were dropped because the series bound was reached. */
    public synchronized long droppedSeries() {
        return droppedSeries;
    }

    /** Returns the start of the slot holding {@code millis}. */
    public long slotStart(long millis) {
        return slotOf(millis);
    }
}
