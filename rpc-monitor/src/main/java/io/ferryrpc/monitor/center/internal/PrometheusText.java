package io.ferryrpc.monitor.center.internal;

import io.ferryrpc.monitor.internal.HistogramCounts;
import io.ferryrpc.monitor.internal.LatencyLayout;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the merged totals in Prometheus' text exposition format 0.0.4: OpenTelemetry's metric names with
 * Prometheus' spelling ({@code rpc_server_call_duration_seconds_bucket/_sum/_count}), cumulative {@code le}
 * buckets in seconds ending with {@code +Inf}, and the center's own counters.
 */
public final class PrometheusText {

    /** The content type of the format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final String[] LE = new String[LatencyLayout.buckets()];

    static {
        for (int i = 0; i < LE.length - 1; i++) {
            LE[i] = BigDecimal.valueOf(LatencyLayout.upperBound(i)).movePointLeft(9).stripTrailingZeros()
                    .toPlainString();
        }
        LE[LE.length - 1] = "+Inf";
    }

    private PrometheusText() {}

    /** Renders the store's totals and counters. */
    public static String render(MetricsStore store, long nowMillis, long liveSinceMillis) {
        Map<SeriesId, Sample> totals = store.totals();
        List<Map.Entry<SeriesId, Sample>> sorted = new ArrayList<>(totals.entrySet());
        sorted.sort(Map.Entry.comparingByKey(Comparator.comparing(SeriesId::toString)));
        StringBuilder out = new StringBuilder(8192);
        histogram(out, "rpc_client_call_duration_seconds",
                "Duration of calls as the consumers saw them, merged from every reporting node.", sorted, true,
                false);
        histogram(out, "rpc_server_call_duration_seconds",
                "Duration of calls as the providers ran them, merged from every reporting node.", sorted, false,
                false);
        histogram(out, "ferry_rpc_client_provider_duration_seconds",
                "The providers' own processing time of calls, reported in each response, per consumer and provider.",
                sorted, true, true);
        long live = store.nodes().stream().filter(n -> n.lastSeenMillis() >= liveSinceMillis).count();
        scalar(out, "ferry_monitor_nodes", "gauge", "Nodes that reported recently.", live);
        scalar(out, "ferry_monitor_series", "gauge", "Series the center holds.", totals.size());
        scalar(out, "ferry_monitor_reports_total", "counter", "Reports merged since the center started.",
                store.reports());
        scalar(out, "ferry_monitor_reports_rejected_total", "counter",
                "Reports refused as malformed or of another bucket layout.", store.rejectedReports());
        scalar(out, "ferry_monitor_series_dropped_total", "counter",
                "Series changes dropped because the series bound was reached.", store.droppedSeries());
        return out.toString();
    }

    private static void histogram(StringBuilder out, String name, String help,
            List<Map.Entry<SeriesId, Sample>> series, boolean client, boolean providerTime) {
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(" histogram\n");
        for (Map.Entry<SeriesId, Sample> e : series) {
            SeriesId id = e.getKey();
            if (id.client() != client) {
                continue;
            }
            HistogramCounts h = providerTime ? e.getValue().provider() : e.getValue().calls();
            if (providerTime && h.count() == 0) {
                continue;
            }
            String labels = labels(id);
            long cumulative = 0;
            long[] counts = h.counts();
            for (int i = 0; i < LE.length; i++) {
                cumulative += i < counts.length ? counts[i] : 0;
                out.append(name).append("_bucket{").append(labels).append(",le=\"").append(LE[i]).append("\"} ")
                        .append(cumulative).append('\n');
            }
            out.append(name).append("_sum{").append(labels).append("} ")
                    .append(BigDecimal.valueOf(h.sumNanos()).movePointLeft(9).toPlainString()).append('\n');
            out.append(name).append("_count{").append(labels).append("} ").append(cumulative).append('\n');
        }
    }

    private static String labels(SeriesId id) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("application", id.application());
        labels.put("error_type", id.errorType());
        labels.put("ferry_service", id.service());
        int colon = id.service().indexOf(':');
        labels.put("rpc_method", (colon > 0 ? id.service().substring(0, colon) : id.service()) + "/" + id.method());
        labels.put("rpc_response_status_code", id.status());
        labels.put("rpc_system_name", "ferry");
        if (id.client()) {
            labels.put("server_address", id.peerAddress());
            labels.put("server_port", id.peerPort());
        } else {
            labels.put("client_address", id.peerAddress());
        }
        StringBuilder text = new StringBuilder();
        labels.forEach((k, v) -> {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(k).append("=\"").append(escapeLabel(v)).append('"');
        });
        return text.toString();
    }

    private static void scalar(StringBuilder out, String name, String type, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        out.append(name).append(' ').append(value).append('\n');
    }

    private static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
