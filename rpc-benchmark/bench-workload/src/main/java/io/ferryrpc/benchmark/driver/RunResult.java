package io.ferryrpc.benchmark.driver;

import java.util.Locale;

/**
 * What one measured window gave: calls per second and latency percentiles in microseconds from an HdrHistogram,
 * plus the client JVM's CPU time per call. Printed as one {@code RESULT {json}} line for the comparison runner.
 */
public record RunResult(String peer, String variant, String operation, int concurrency, int payloadSize,
        long calls, long errors, long timeouts, double seconds, double throughput, double p50Micros,
        double p90Micros, double p99Micros, double p999Micros, double maxMicros, double clientCpuMicrosPerCall,
        String firstError) {

    /** The prefix of the line a client JVM prints its result on. */
    public static final String LINE_PREFIX = "RESULT ";

    /** Returns this result as one line of JSON. */
    public String toJson() {
        return String.format(Locale.ROOT, "{\"peer\":%s,\"variant\":%s,\"operation\":%s,\"concurrency\":%d,"
                + "\"payloadSize\":%d,\"calls\":%d,\"errors\":%d,\"timeouts\":%d,\"seconds\":%.3f,"
                + "\"throughput\":%.1f,\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"p999\":%.1f,\"max\":%.1f,"
                + "\"clientCpuMicrosPerCall\":%.2f,\"firstError\":%s}",
                quote(peer), quote(variant), quote(operation), concurrency, payloadSize, calls, errors, timeouts,
                seconds, throughput, p50Micros, p90Micros, p99Micros, p999Micros, maxMicros, clientCpuMicrosPerCall,
                quote(firstError));
    }

    /** Returns {@code s} as a JSON string literal, or {@code null} for null; the runner's lines use it too. */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
