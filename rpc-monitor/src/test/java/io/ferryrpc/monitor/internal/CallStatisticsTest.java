package io.ferryrpc.monitor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.spi.ServiceKey;
import io.ferryrpc.monitor.push.SeriesReport;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Series are found without allocating, bounded in number, and reported as changes. */
@Timeout(30)
class CallStatisticsTest {

    private static final ServiceKey SERVICE = new ServiceKey("shop.Payments", "1.0", "");

    @Test
    void recordingAnExistingSeriesAllocatesNothing() {
        CallStatistics statistics = new CallStatistics(null, 100);
        String peer = "127.0.0.1:20880";
        statistics.series(Filter.Side.CONSUMER, SERVICE, "pay", null, peer, "order").record(1000, 500);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // Warm up so that the JIT has compiled the path, then measure this thread's allocations.
        for (int i = 0; i < 200_000; i++) {
            statistics.series(Filter.Side.CONSUMER, SERVICE, "pay", null, peer, "order").record(i, i / 2);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            statistics.series(Filter.Side.CONSUMER, SERVICE, "pay", null, peer, "order").record(i, i / 2);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // 100,000 calls: anything per call would be megabytes.
        assertThat(allocated).isLessThan(64 * 1024);
        assertThat(statistics.all()).hasSize(1);
    }

    @Test
    void providersKeepOneSeriesPerConsumerHostWhateverItsPort() {
        CallStatistics statistics = new CallStatistics(null, 100);
        for (int port = 40000; port < 40010; port++) {
            statistics.series(Filter.Side.PROVIDER, SERVICE, "pay", null, "10.0.0.7:" + port, "payment")
                    .record(1000, -1);
        }
        assertThat(statistics.all()).singleElement().satisfies(s -> {
            assertThat(s.tags().peerAddress()).isEqualTo("10.0.0.7");
            assertThat(s.tags().peerPort()).isEmpty();
            assertThat(s.durations().count()).isEqualTo(10);
        });
    }

    @Test
    void outcomesAreSeparateSeriesWithTheirCodesAndTypes() {
        CallStatistics statistics = new CallStatistics(null, 100);
        statistics.series(Filter.Side.CONSUMER, SERVICE, "pay", RpcException.Code.TIMEOUT, "h:1", "a").record(1, -1);
        statistics.series(Filter.Side.CONSUMER, SERVICE, "pay", IllegalStateException.class, "h:1", "a")
                .record(1, -1);
        assertThat(statistics.all()).extracting(s -> s.tags().status() + "/" + s.tags().errorType())
                .containsExactlyInAnyOrder("TIMEOUT/TIMEOUT", "APPLICATION_ERROR/java.lang.IllegalStateException");
    }

    @Test
    void seriesBeyondTheBoundAreRecordedAsOther() {
        CallStatistics statistics = new CallStatistics(null, 2);
        for (int i = 0; i < 10; i++) {
            statistics.series(Filter.Side.CONSUMER, SERVICE, "m" + i, null, "h:1", "a").record(1, -1);
        }
        assertThat(statistics.all()).extracting(s -> s.tags().method())
                .containsExactlyInAnyOrder("m0", "m1", CallStatistics.OTHER_METHOD);
        assertThat(statistics.all().stream().mapToLong(s -> s.durations().count()).sum()).isEqualTo(10);
    }

    @Test
    void changesAreReportedOnceWithCumulativeTotals() {
        CallStatistics statistics = new CallStatistics(null, 10);
        CallSeries series = statistics.series(Filter.Side.CONSUMER, SERVICE, "pay", null, "h:1", "a");
        series.record(100_000, 40_000);
        series.record(200_000, 50_000);
        List<SeriesReport> first = statistics.collectChanges();
        assertThat(first).singleElement().satisfies(r -> {
            assertThat(HistogramCounts.fromWire(r.total()).count()).isEqualTo(2);
            assertThat(HistogramCounts.fromWire(r.delta()).count()).isEqualTo(2);
            assertThat(HistogramCounts.fromWire(r.providerDelta()).sumNanos()).isEqualTo(90_000);
            assertThat(r.side()).isEqualTo("client");
            assertThat(r.service()).isEqualTo("shop.Payments:1.0");
        });
        assertThat(statistics.collectChanges()).isEmpty();
        series.record(300_000, -1);
        assertThat(statistics.collectChanges()).singleElement().satisfies(r -> {
            assertThat(HistogramCounts.fromWire(r.total()).count()).isEqualTo(3);
            assertThat(HistogramCounts.fromWire(r.delta()).count()).isEqualTo(1);
            assertThat(HistogramCounts.fromWire(r.providerDelta()).count()).isZero();
        });
    }
}
