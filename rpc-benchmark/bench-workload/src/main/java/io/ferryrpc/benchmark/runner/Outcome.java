package io.ferryrpc.benchmark.runner;

import io.ferryrpc.benchmark.driver.RunResult;
import java.util.Locale;
import java.util.Map;

/**
 * What running one scenario gave: the client's {@link RunResult}, or, when the run failed (server not listening,
 * client crashed or printed no result), a reason that the report shows as a failed row.
 *
 * @param peer the peer's name
 * @param variant the peer's variant
 * @param operation the operation
 * @param concurrency the concurrency
 * @param payloadSize the echo payload size in bytes
 * @param result the measurement, or {@code null} if the run failed
 * @param failure why the run failed, or {@code null} if it did not
 */
public record Outcome(String peer, String variant, String operation, int concurrency, int payloadSize,
        RunResult result, String failure) {

    /** The {@code kind} of a scenario line in the raw-results file. */
    public static final String KIND = "scenario";

    /** Checks that exactly one of result and failure is there. */
    public Outcome {
        if ((result == null) == (failure == null)) {
            throw new IllegalArgumentException("an outcome has either a result or a failure");
        }
    }

    /** Returns the outcome of a scenario that measured {@code result}. */
    public static Outcome measured(Scenario s, RunResult result) {
        return new Outcome(s.peer().peer(), s.peer().variant(), s.operation(), s.concurrency(), s.payloadSize(),
                result, null);
    }

    /** Returns the outcome of a scenario that failed for {@code reason}. */
    public static Outcome failed(Scenario s, String reason) {
        return new Outcome(s.peer().peer(), s.peer().variant(), s.operation(), s.concurrency(), s.payloadSize(),
                null, reason);
    }

    /** Returns whether the run failed. */
    public boolean failed() {
        return failure != null;
    }

    /** Returns the peer's label, as {@link PeerSpec#label()}. */
    public String label() {
        return PeerSpec.label(peer, variant);
    }

    /** Returns this outcome as one line of the raw-results file. */
    public String toJson() {
        return String.format(Locale.ROOT, "{\"kind\":\"%s\",\"peer\":%s,\"variant\":%s,\"operation\":%s,"
                + "\"concurrency\":%d,\"payloadSize\":%d,\"failed\":%s,\"result\":%s}", KIND, RunResult.quote(peer),
                RunResult.quote(variant), RunResult.quote(operation), concurrency, payloadSize, RunResult.quote(failure),
                result == null ? "null" : result.toJson());
    }

    /** Reads a line written by {@link #toJson()}. */
    @SuppressWarnings("unchecked")
    public static Outcome fromJson(Map<String, Object> line) {
        Object result = line.get("result");
        return new Outcome(str(line, "peer"), str(line, "variant"), str(line, "operation"),
                (int) num(line, "concurrency"), (int) num(line, "payloadSize"),
                result == null ? null : runResult((Map<String, Object>) result), (String) line.get("failed"));
    }

    /**
     * Reads the JSON of a {@code RESULT} line, as {@link RunResult#toJson()} writes it.
     *
     * @throws IllegalArgumentException if a field is missing or of the wrong type
     */
    public static RunResult runResult(Map<String, Object> m) {
        return new RunResult(str(m, "peer"), str(m, "variant"), str(m, "operation"), (int) num(m, "concurrency"),
                (int) num(m, "payloadSize"), (long) num(m, "calls"), (long) num(m, "errors"),
                (long) num(m, "timeouts"), num(m, "seconds"), num(m, "throughput"), num(m, "p50"), num(m, "p90"),
                num(m, "p99"), num(m, "p999"), num(m, "max"), num(m, "clientCpuMicrosPerCall"),
                (String) m.get("firstError"));
    }

    private static String str(Map<String, Object> m, String key) {
        if (m.get(key) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("result field " + key + ": expected a string, got " + m.get(key));
    }

    private static double num(Map<String, Object> m, String key) {
        if (m.get(key) instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("result field " + key + ": expected a number, got " + m.get(key));
    }
}
