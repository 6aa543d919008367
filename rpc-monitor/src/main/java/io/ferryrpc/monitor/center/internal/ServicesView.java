package io.ferryrpc.monitor.center.internal;

import io.ferryrpc.core.internal.json.JsonWriter;

import io.ferryrpc.core.spi.ConsumerInfo;
import io.ferryrpc.core.spi.ProviderInfo;
import io.ferryrpc.core.spi.ServiceTopology;
import io.ferryrpc.monitor.internal.HistogramCounts;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The JSON of {@code /api/services}: per service and method the calls, errors, rate and percentiles over a window
 * from the merged histograms, both sides, per provider the consumers' latency beside the provider's own time, a
 * time series per side for charts, and the topology. The format is described in {@code docs/monitor.md}.
 */
public final class ServicesView {

    private record MethodKey(String service, String method) implements Comparable<MethodKey> {
        @Override
        public int compareTo(MethodKey o) {
            int c = service.compareTo(o.service);
            return c != 0 ? c : method.compareTo(o.method);
        }
    }

    private record Edge(String consumer, String provider, String service) implements Comparable<Edge> {
        @Override
        public int compareTo(Edge o) {
            return toString().compareTo(o.toString());
        }
    }

    private ServicesView() {}

    /**
     * Renders the view.
     *
     * @param hidden a service name left out (the center's own)
     */
    public static String render(MetricsStore store, long now, long windowMillis, int liveNodes,
            List<ServiceTopology> topology, String hidden) {
        // One copy of the slots serves both the window's sums and the charts' points.
        Map<SeriesId, NavigableMap<Long, Sample>> history = store.history();
        long windowStart = store.slotStart(now - windowMillis);
        Map<MethodKey, Map<SeriesId, Sample>> methods = new TreeMap<>();
        history.forEach((id, slots) -> {
            if (!hiddenService(id.service(), hidden)) {
                Sample windowed = Sample.EMPTY;
                for (Sample s : slots.tailMap(windowStart, true).values()) {
                    windowed = windowed.plus(s);
                }
                methods.computeIfAbsent(new MethodKey(id.service(), id.method()),
                        k -> new TreeMap<>(Comparator.comparing(SeriesId::toString))).put(id, windowed);
            }
        });
        double windowSeconds = windowMillis / 1000.0;
        JsonWriter json = new JsonWriter().beginObject()
                .name("now").value(now)
                .name("windowSeconds").value(windowMillis / 1000)
                .name("intervalSeconds").value(store.slotMillis() / 1000.0)
                .name("historySeconds").value(store.historyMillis() / 1000)
                .name("nodes").value(liveNodes)
                .name("services").beginArray();
        String currentService = null;
        Map<Edge, Long> edges = new TreeMap<>();
        for (Map.Entry<MethodKey, Map<SeriesId, Sample>> entry : methods.entrySet()) {
            MethodKey key = entry.getKey();
            if (!key.service().equals(currentService)) {
                if (currentService != null) {
                    json.endArray().endObject();
                }
                currentService = key.service();
                json.beginObject().name("service").value(currentService).name("methods").beginArray();
            }
            Aggregate client = new Aggregate();
            Aggregate server = new Aggregate();
            Map<String, Aggregate> providers = new TreeMap<>();
            for (Map.Entry<SeriesId, Sample> s : entry.getValue().entrySet()) {
                SeriesId id = s.getKey();
                if (id.client()) {
                    client.add(id, s.getValue());
                    providers.computeIfAbsent(id.providerAddress(), a -> new Aggregate()).add(id, s.getValue());
                    edges.merge(new Edge(id.application(), id.providerAddress(), id.service()),
                            s.getValue().calls().count(), Long::sum);
                } else {
                    server.add(id, s.getValue());
                }
            }
            json.beginObject().name("method").value(key.method());
            json.name("client");
            stats(json, client, windowSeconds);
            json.name("server");
            stats(json, server, windowSeconds);
            json.name("providers").beginArray();
            providers.forEach((address, a) -> {
                if (a.calls() == 0) {
                    return;
                }
                double consumerP50 = a.quantileMillis(0.5);
                double providerP50 = Aggregate.millis(a.providerTimes(), 0.5);
                json.beginObject().name("address").value(address).name("consumerLatency");
                stats(json, a, windowSeconds);
                json.name("providerTime");
                percentiles(json, a.providerTimes());
                json.name("overheadP50Ms").value(consumerP50 - providerP50).endObject();
            });
            json.endArray();
            json.name("series").beginObject();
            json.name("client");
            points(json, store, now, history, entry.getValue().keySet(), true);
            json.name("server");
            points(json, store, now, history, entry.getValue().keySet(), false);
            json.endObject().endObject();
        }
        if (currentService != null) {
            json.endArray().endObject();
        }
        json.endArray();
        topology(json, topology, edges, hidden);
        return json.endObject().toString();
    }

    private static boolean hiddenService(String service, String hidden) {
        return hidden != null && (service.equals(hidden) || service.startsWith(hidden + ":"));
    }

    private static void stats(JsonWriter json, Aggregate a, double windowSeconds) {
        long calls = a.calls();
        if (calls == 0) {
            json.nullValue();
            return;
        }
        json.beginObject()
                .name("calls").value(calls)
                .name("errors").value(a.errors())
                .name("qps").value(calls / windowSeconds)
                .name("errorRate").value((double) a.errors() / calls)
                .name("p50Ms").value(a.quantileMillis(0.5))
                .name("p95Ms").value(a.quantileMillis(0.95))
                .name("p99Ms").value(a.quantileMillis(0.99))
                .name("meanMs").value(Aggregate.meanMillis(a.durations()))
                .endObject();
    }

    private static void percentiles(JsonWriter json, HistogramCounts h) {
        long count = h.count();
        if (count == 0) {
            json.nullValue();
            return;
        }
        json.beginObject()
                .name("count").value(count)
                .name("p50Ms").value(Aggregate.millis(h, 0.5))
                .name("p95Ms").value(Aggregate.millis(h, 0.95))
                .name("p99Ms").value(Aggregate.millis(h, 0.99))
                .name("meanMs").value(Aggregate.meanMillis(h))
                .endObject();
    }

    /** One point per completed slot over the history; the slot still filling is left out, it would look like a dip. */
    private static void points(JsonWriter json, MetricsStore store, long now,
            Map<SeriesId, NavigableMap<Long, Sample>> history, Iterable<SeriesId> ids, boolean client) {
        long slot = store.slotMillis();
        long last = store.slotStart(now) - slot;
        long first = store.slotStart(now - store.historyMillis()) + slot;
        Map<Long, Aggregate> perSlot = new TreeMap<>();
        for (SeriesId id : ids) {
            if (id.client() != client) {
                continue;
            }
            history.get(id).subMap(first, true, last, true)
                    .forEach((start, sample) -> perSlot.computeIfAbsent(start, s -> new Aggregate()).add(id, sample));
        }
        json.beginArray();
        if (!perSlot.isEmpty()) {
            for (long t = first; t <= last; t += slot) {
                Aggregate a = perSlot.get(t);
                long calls = a == null ? 0 : a.calls();
                json.beginObject().name("t").value(t)
                        .name("qps").value(calls / (slot / 1000.0))
                        .name("errorRate").value(calls == 0 ? 0.0 : (double) a.errors() / calls)
                        .name("p99Ms").value(calls == 0 ? Double.NaN : a.quantileMillis(0.99))
                        .endObject();
            }
        }
        json.endArray();
    }

    private static void topology(JsonWriter json, List<ServiceTopology> topology, Map<Edge, Long> edges,
            String hidden) {
        json.name("topology").beginObject().name("services").beginArray();
        for (ServiceTopology service : topology) {
            if (hiddenService(service.service().toString(), hidden)) {
                continue;
            }
            json.beginObject().name("service").value(service.service().toString()).name("providers").beginArray();
            for (ProviderInfo p : service.providers()) {
                json.beginObject().name("address").value(p.address()).name("application").value(p.application())
                        .endObject();
            }
            json.endArray().name("consumers").beginArray();
            for (ConsumerInfo c : service.consumers()) {
                json.beginObject().name("application").value(c.application()).name("host").value(c.host())
                        .name("pid").value(c.pid()).endObject();
            }
            json.endArray().endObject();
        }
        json.endArray().name("edges").beginArray();
        edges.forEach((edge, calls) -> {
            if (calls > 0) {
                json.beginObject().name("consumer").value(edge.consumer()).name("provider").value(edge.provider())
                        .name("service").value(edge.service()).name("calls").value(calls).endObject();
            }
        });
        json.endArray().endObject();
    }
}
