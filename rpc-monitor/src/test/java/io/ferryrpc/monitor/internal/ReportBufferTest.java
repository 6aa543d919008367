package io.ferryrpc.monitor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.monitor.push.ReportInterval;
import io.ferryrpc.monitor.push.SeriesReport;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A full buffer folds its oldest intervals and loses no count. */
@Timeout(10)
class ReportBufferTest {

    static SeriesReport series(String method, long total, long delta) {
        return new SeriesReport("client", "s:1.0", method, "OK", "none", "127.0.0.1", "1", "app",
                histogram(total), histogram(delta), histogram(total), histogram(delta));
    }

    static io.ferryrpc.monitor.push.Histogram histogram(long count) {
        long[] counts = new long[LatencyLayout.buckets()];
        counts[LatencyLayout.index(200_000)] = count;
        return new HistogramCounts(counts, count * 200_000).toWire();
    }

    @Test
    void foldingKeepsTheLatestTotalsAndSumsTheChanges() {
        ReportBuffer buffer = new ReportBuffer(2);
        buffer.add(new ReportInterval(1, 1, 0, 10, List.of(series("a", 5, 5), series("b", 1, 1))));
        buffer.add(new ReportInterval(2, 2, 10, 20, List.of(series("a", 8, 3))));
        buffer.add(new ReportInterval(3, 3, 20, 30, List.of(series("a", 10, 2))));

        assertThat(buffer.size()).isEqualTo(2);
        assertThat(buffer.folded()).isEqualTo(1);
        ReportInterval folded = buffer.oldest(1).get(0);
        assertThat(folded.firstSequence()).isEqualTo(1);
        assertThat(folded.sequence()).isEqualTo(2);
        assertThat(folded.startMillis()).isEqualTo(0);
        assertThat(folded.endMillis()).isEqualTo(20);
        SeriesReport a = folded.series().stream().filter(s -> s.method().equals("a")).findFirst().orElseThrow();
        assertThat(HistogramCounts.fromWire(a.total()).count()).isEqualTo(8);
        assertThat(HistogramCounts.fromWire(a.delta()).count()).isEqualTo(8);
        assertThat(HistogramCounts.fromWire(a.providerDelta()).count()).isEqualTo(8);
        assertThat(folded.series()).anySatisfy(s -> assertThat(s.method()).isEqualTo("b"));

        buffer.confirm(2);
        assertThat(buffer.size()).isEqualTo(1);
        assertThat(buffer.oldest(5).get(0).sequence()).isEqualTo(3);
        buffer.confirm(3);
        assertThat(buffer.size()).isZero();
    }
}
