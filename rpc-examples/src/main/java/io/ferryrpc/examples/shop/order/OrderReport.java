package io.ferryrpc.examples.shop.order;

import io.ferryrpc.examples.shop.api.OrderStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * What a run of orders came to, as machine A measured it.
 *
 * @param placed orders placed
 * @param paid orders whose payment was taken ({@code shipped + refunded})
 * @param shipped orders paid and shipped
 * @param declined orders whose payment was declined
 * @param outOfStock orders the stock did not cover
 * @param refunded orders paid, not shipped, and refunded
 * @param failed orders a remote call failure stopped
 * @param paidBy payments taken per payment machine
 * @param latencies per remote method ({@code reserve}, {@code pay}, {@code ship}): latency as the caller saw it
 * @param elapsedMillis how long the run took
 */
public record OrderReport(int placed, int paid, int shipped, int declined, int outOfStock, int refunded, int failed,
        Map<String, Integer> paidBy, Map<String, Latency> latencies, long elapsedMillis) {

    /**
     * Latency of one remote method.
     *
     * @param calls how many calls were made
     * @param p50Millis median
     * @param p99Millis 99th percentile
     * @param maxMillis slowest
     */
    public record Latency(int calls, double p50Millis, double p99Millis, double maxMillis) {}

    /** Copies the maps. */
    public OrderReport {
        paidBy = Map.copyOf(paidBy);
        latencies = Map.copyOf(latencies);
    }

    /** Sums up {@code results}. */
    public static OrderReport of(List<CheckoutResult> results, long elapsedMillis) {
        int[] counts = new int[OrderStatus.values().length];
        Map<String, Integer> paidBy = new TreeMap<>();
        for (CheckoutResult r : results) {
            counts[r.order().status().ordinal()]++;
            if (r.paidBy() != null) {
                paidBy.merge(r.paidBy(), 1, Integer::sum);
            }
        }
        Map<String, Latency> latencies = new LinkedHashMap<>();
        latencies.put("reserve", latency(results, CheckoutResult::reserveNanos));
        latencies.put("pay", latency(results, CheckoutResult::payNanos));
        latencies.put("ship", latency(results, CheckoutResult::shipNanos));
        int shipped = counts[OrderStatus.PAID_AND_SHIPPED.ordinal()];
        int refunded = counts[OrderStatus.SHIPPING_FAILED_REFUNDED.ordinal()];
        int unfinished = 0;
        for (OrderStatus s : OrderStatus.values()) {
            unfinished += s.isFinal() ? 0 : counts[s.ordinal()];
        }
        if (unfinished > 0) {
            throw new IllegalArgumentException(unfinished + " orders did not reach a final state");
        }
        return new OrderReport(results.size(), shipped + refunded, shipped, counts[OrderStatus.PAYMENT_DECLINED.ordinal()],
                counts[OrderStatus.OUT_OF_STOCK.ordinal()], refunded, counts[OrderStatus.FAILED.ordinal()], paidBy,
                latencies, elapsedMillis);
    }

    private static Latency latency(List<CheckoutResult> results, ToLongFunction<CheckoutResult> nanos) {
        long[] values = results.stream().mapToLong(nanos).filter(n -> n >= 0).sorted().toArray();
        if (values.length == 0) {
            return new Latency(0, 0, 0, 0);
        }
        return new Latency(values.length, rank(values, 0.50), rank(values, 0.99), values[values.length - 1] / 1e6);
    }

    /** The nearest-rank percentile, in milliseconds. */
    private static double rank(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /** Returns the report as readable lines. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "orders placed %d in %.1f s: paid %d (shipped %d, refunded %d), "
                + "payment declined %d, out of stock %d, failed %d", placed, elapsedMillis / 1000.0, paid, shipped,
                refunded, declined, outOfStock, failed));
        for (String method : List.of("reserve", "pay", "ship")) {
            Latency l = latencies.get(method);
            lines.add(String.format(Locale.ROOT, "remote %-7s calls %4d  p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms",
                    method, l.calls(), l.p50Millis(), l.p99Millis(), l.maxMillis()));
        }
        lines.add("payments taken per payment machine: " + new TreeMap<>(paidBy));
        return lines;
    }

    /** Returns the report as a JSON object. */
    public String toJson() {
        StringBuilder json = new StringBuilder("{");
        json.append("\"placed\":").append(placed).append(",\"paid\":").append(paid).append(",\"shipped\":")
                .append(shipped).append(",\"declined\":").append(declined).append(",\"outOfStock\":").append(outOfStock)
                .append(",\"refunded\":").append(refunded).append(",\"failed\":").append(failed)
                .append(",\"paidBy\":").append(Json.counts(paidBy)).append(",\"latencyMillis\":{");
        String sep = "";
        for (String method : List.of("reserve", "pay", "ship")) {
            Latency l = latencies.get(method);
            json.append(sep).append(Json.string(method)).append(String.format(Locale.ROOT,
                    ":{\"calls\":%d,\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f}", l.calls(), l.p50Millis(), l.p99Millis(),
                    l.maxMillis()));
            sep = ",";
        }
        return json.append("},\"elapsedMillis\":").append(elapsedMillis).append('}').toString();
    }
}
