package io.ferryrpc.monitor.center.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.monitor.internal.HistogramCounts;
import io.ferryrpc.monitor.internal.LatencyLayout;
import io.ferryrpc.monitor.push.Histogram;
import io.ferryrpc.monitor.push.MetricsReport;
import io.ferryrpc.monitor.push.ReportInterval;
import io.ferryrpc.monitor.push.SeriesReport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Merging is exact: resent intervals count once, totals survive a center restart and forgotten nodes. */
@Timeout(10)
class MetricsStoreTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final MetricsStore store = new MetricsStore(Duration.ofSeconds(1), Duration.ofSeconds(60), 100,
            clock::get);

    private static Histogram calls(long count) {
        long[] counts = new long[LatencyLayout.buckets()];
        counts[LatencyLayout.index(500_000)] = count;
        return new HistogramCounts(counts, count * 500_000).toWire();
    }

    private static SeriesReport series(String side, long total, long delta) {
        return new SeriesReport(side, "shop.Pay:1.0", "pay", "OK", "none", "127.0.0.1",
                side.equals("client") ? "20880" : "", "order", calls(total), calls(delta), null, null);
    }

    private MetricsReport report(String node, ReportInterval... intervals) {
        return new MetricsReport(node, "order", "127.0.0.1", 1, LatencyLayout.ID, List.of(intervals));
    }

    private ReportInterval interval(long sequence, SeriesReport... series) {
        return new ReportInterval(sequence, sequence, clock.get() - 1000, clock.get(), List.of(series));
    }

    private long total() {
        return store.totals().values().stream().mapToLong(s -> s.calls().count()).sum();
    }

    private long windowed() {
        return store.window(clock.get() - 60_000).values().stream().mapToLong(s -> s.calls().count()).sum();
    }

    @Test
    void intervalsSentAgainAreCountedOnce() {
        ReportInterval first = interval(1, series("client", 10, 10));
        assertThat(store.apply(report("n1", first)).appliedThrough()).isEqualTo(1);
        clock.addAndGet(1000);
        ReportInterval second = interval(2, series("client", 15, 5));
        // The answer to the second push was lost: the node sends both again.
        store.apply(report("n1", second));
        assertThat(store.apply(report("n1", first, second)).appliedThrough()).isEqualTo(2);
        assertThat(total()).isEqualTo(15);
        assertThat(windowed()).isEqualTo(15);
    }

    @Test
    void nodesAddUpAndTotalsOutliveForgottenNodes() {
        store.apply(report("n1", interval(1, series("client", 7, 7), series("server", 3, 3))));
        store.apply(report("n2", interval(1, series("client", 4, 4))));
        assertThat(total()).isEqualTo(14);
        assertThat(store.nodes()).hasSize(2);

        clock.addAndGet(61_000);
        store.apply(report("n3", interval(1, series("client", 1, 1))));
        assertThat(store.nodes()).extracting(MetricsStore.NodeInfo::nodeId).containsExactly("n3");
        assertThat(total()).isEqualTo(15);
        assertThat(windowed()).isEqualTo(1);
    }

    @Test
    void aRestartedCenterTakesChangesFromTheNodesFirstReportAndTotalsFromItsCounts() {
        // The node pushed intervals 1..3 to an earlier center; this one first hears interval 4 of it.
        store.apply(report("n1", interval(4, series("client", 100, 6))));
        assertThat(total()).isEqualTo(100);
        assertThat(windowed()).isEqualTo(6);
        clock.addAndGet(1000);
        // From then on the change is the difference of cumulative counts, whatever the node says.
        store.apply(report("n1", interval(5, series("client", 110, 999))));
        assertThat(windowed()).isEqualTo(16);
    }

    @Test
    void malformedReportsAreRefusedWithAReasonAndChangeNothing() {
        assertThatThrownBy(() -> store.apply(new MetricsReport("n1", "a", "h", 1, LatencyLayout.ID + 1, List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layout");
        assertThatThrownBy(() -> store.apply(new MetricsReport("", "a", "h", 1, LatencyLayout.ID, List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node id");
        SeriesReport badBucket = new SeriesReport("client", "s:1.0", "m", "OK", "none", "h", "1", "a",
                new Histogram(new int[] {LatencyLayout.buckets()}, new long[] {1}, 1), null, null, null);
        assertThatThrownBy(() -> store.apply(report("n1", interval(1, badBucket))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bucket");
        SeriesReport badSide = new SeriesReport("middle", "s:1.0", "m", "OK", "none", "h", "1", "a",
                calls(1), calls(1), null, null);
        assertThatThrownBy(() -> store.apply(report("n1", interval(1, series("client", 1, 1), badSide))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("side");
        assertThat(total()).isZero();
        assertThat(store.rejectedReports()).isEqualTo(4);
        assertThat(store.nodes()).isEmpty();
    }

    @Test
    void seriesBeyondTheBoundAreDroppedAndCounted() {
        MetricsStore small = new MetricsStore(Duration.ofSeconds(1), Duration.ofSeconds(60), 1, clock::get);
        SeriesReport other = new SeriesReport("server", "s:1.0", "other", "OK", "none", "h", "", "a",
                calls(2), calls(2), null, null);
        small.apply(report("n1", interval(1, series("client", 1, 1), other)));
        assertThat(small.totals()).hasSize(1);
        assertThat(small.droppedSeries()).isEqualTo(1);
    }
}
