package io.ferryrpc.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.monitor.center.internal.MetricsStore;
import io.ferryrpc.monitor.center.internal.PrometheusText;
import io.ferryrpc.monitor.internal.HistogramCounts;
import io.ferryrpc.monitor.internal.LatencyLayout;
import io.ferryrpc.monitor.push.MetricsReport;
import io.ferryrpc.monitor.push.ReportInterval;
import io.ferryrpc.monitor.push.SeriesReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Whatever names applications choose, the text stays valid and the values come back as they were. */
@Timeout(10)
class PrometheusTextTest {

    @Test
    void labelValuesAreEscapedAndBucketsAreCumulativeInSeconds() {
        long now = 1_000_000;
        MetricsStore store = new MetricsStore(Duration.ofSeconds(1), Duration.ofSeconds(60), 10, () -> now);
        long[] counts = new long[LatencyLayout.buckets()];
        counts[LatencyLayout.index(150_000)] = 3;
        counts[LatencyLayout.buckets() - 1] = 1;
        var histogram = new HistogramCounts(counts, 3 * 150_000L + 90_000_000_000L).toWire();
        String application = "odd \"app\"\\with\nnewline";
        store.apply(new MetricsReport("n", application, "h", 1, LatencyLayout.ID, List.of(new ReportInterval(1, 1,
                now - 1000, now, List.of(new SeriesReport("client", "shop.Payments:1.0", "pay", "OK", "none",
                        "127.0.0.1", "20880", application, histogram, histogram, null, null))))));

        String text = PrometheusText.render(store, now, now - 15_000);
        assertThat(text).contains("application=\"odd \\\"app\\\"\\\\with\\nnewline\"");
        PrometheusTextParser parsed = PrometheusTextParser.parse(text);
        Map<String, String> labels = Map.of("application", application);
        assertThat(parsed.sum("rpc_client_call_duration_seconds_count", labels)).isEqualTo(4);
        assertThat(parsed.sum("rpc_client_call_duration_seconds_sum", labels)).isEqualTo(90.00045);
        assertThat(parsed.sum("rpc_client_call_duration_seconds_bucket", Map.of("application", application,
                "le", "60"))).isEqualTo(3);
        assertThat(parsed.sum("rpc_client_call_duration_seconds_bucket", Map.of("application", application,
                "le", "0.00001"))).isZero();
        // A client series without provider times adds no empty provider histogram.
        assertThat(parsed.sum("ferry_rpc_client_provider_duration_seconds_count", Map.of())).isZero();
        assertThat(parsed.types).containsEntry("ferry_monitor_nodes", "gauge");
        assertThat(parsed.sum("ferry_monitor_nodes", Map.of())).isEqualTo(1);
    }
}
