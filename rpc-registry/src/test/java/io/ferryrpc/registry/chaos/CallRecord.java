package io.ferryrpc.registry.chaos;

import io.ferryrpc.api.RpcException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What one chaos run did, read back from the consumer's outcomes file and the providers' executions files: each
 * call's outcome and attempts, and where each request id ran. It counts what the run measured and lists every
 * broken promise.
 */
final class CallRecord {

    /** One call as the consumer saw it; {@code attempts} holds the address chosen for each attempt. */
    record Call(boolean idempotent, String id, long startMillis, long endMillis, String outcome, String provider,
            List<String> attempts) {

        boolean ok() {
            return outcome.equals("OK");
        }

        long millis() {
            return endMillis - startMillis;
        }

        boolean attempted(String host) {
            return attempts.stream().anyMatch(a -> a.startsWith(host + ":"));
        }
    }

    private final List<Call> calls;
    /** Request id to the names of the providers that ran it, one entry per execution. */
    private final Map<String, List<String>> executions;

    private CallRecord(List<Call> calls, Map<String, List<String>> executions) {
        this.calls = calls;
        this.executions = executions;
    }

    /**
     * Reads the calls of {@code outcomes} started at or after {@code fromMillis}, and those executions of
     * {@code executionFiles} whose id starts with {@code prefix}.
     */
    static CallRecord read(Path outcomes, List<Path> executionFiles, String prefix, long fromMillis)
            throws IOException {
        List<Call> calls = new ArrayList<>();
        if (Files.exists(outcomes)) {
            for (String line : Files.readAllLines(outcomes, StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f.length != 8 || !f[0].equals("CALL")) {
                    continue; // a line cut short by the reader racing the writer
                }
                if (Long.parseLong(f[3]) < fromMillis) {
                    continue;
                }
                calls.add(new Call(f[1].equals("R"), f[2], Long.parseLong(f[3]), Long.parseLong(f[4]), f[5], f[6],
                        f[7].equals("-") ? List.of() : Arrays.asList(f[7].split(","))));
            }
        }
        Map<String, List<String>> executions = new HashMap<>();
        for (Path file : executionFiles) {
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f.length == 2 && f[1].startsWith(prefix + "-")) {
                    executions.computeIfAbsent(f[1], k -> new ArrayList<>(1)).add(f[0]);
                }
            }
        }
        return new CallRecord(List.copyOf(calls), executions);
    }

    List<Call> calls() {
        return calls;
    }

    List<Call> calls(Predicate<Call> filter) {
        return calls.stream().filter(filter).toList();
    }

    long count(Predicate<Call> filter) {
        return calls.stream().filter(filter).count();
    }

    /** Returns how often {@code id} ran, on all providers together. */
    int executions(String id) {
        return executions.getOrDefault(id, List.of()).size();
    }

    /** Failed calls by code. */
    Map<String, Long> failures() {
        Map<String, Long> byCode = new TreeMap<>();
        calls.stream().filter(c -> !c.ok()).forEach(c -> byCode.merge(c.outcome(), 1L, Long::sum));
        return byCode;
    }

    /** Calls the consumer sent more than once (to another provider). */
    long retried() {
        return count(c -> c.attempts().size() > 1);
    }

    /** Non-idempotent calls that ran more than once: must be zero. */
    long duplicated() {
        return count(c -> !c.idempotent() && executions(c.id()) > 1);
    }

    /** Idempotent calls that did not succeed: must be zero. */
    long lost() {
        return count(c -> c.idempotent() && !c.ok());
    }

    /** Non-idempotent calls that failed for the caller but did run (the answer was lost): reported, allowed. */
    long unknownOutcomes() {
        return count(c -> !c.idempotent() && !c.ok() && executions(c.id()) == 1);
    }

    /**
     * Returns every broken promise: an idempotent call that failed or never ran; a non-idempotent call that ran
     * twice, or that succeeded without running exactly once on the provider that answered, or that failed with a
     * code saying it never ran yet ran; a failure other than a typed {@link RpcException}.
     */
    List<String> violations() {
        List<String> found = new ArrayList<>();
        for (Call c : calls) {
            int ran = executions(c.id());
            List<String> where = executions.getOrDefault(c.id(), List.of());
            if (c.outcome().startsWith("EXCEPTION:")) {
                found.add("untyped failure " + c);
            }
            if (c.idempotent()) {
                if (!c.ok()) {
                    found.add("lost idempotent call " + c);
                } else if (ran == 0) {
                    found.add("idempotent call answered OK but never ran " + c);
                }
                continue;
            }
            if (ran > 1) {
                found.add("non-idempotent call ran " + ran + " times on " + where + ": " + c);
            }
            if (c.ok() && (ran != 1 || !where.get(0).equals(c.provider()))) {
                found.add("non-idempotent call answered OK by " + c.provider() + " but ran on " + where + ": " + c);
            }
            if (!c.ok() && !c.outcome().startsWith("EXCEPTION:")
                    && RpcException.Code.valueOf(c.outcome()).neverProcessed() && ran > 0) {
                found.add("non-idempotent call failed with " + c.outcome() + " (never processed) but ran on " + where
                        + ": " + c);
            }
        }
        return found;
    }

    /** One line of what was measured, for the test's output. */
    String summary(String scenario, String extra) {
        return scenario + ": calls=" + calls.size() + ", ok=" + count(Call::ok) + ", failed=" + failures()
                + ", retried=" + retried() + ", duplicated=" + duplicated() + ", lost=" + lost()
                + ", unknownOutcome=" + unknownOutcomes() + ", " + extra;
    }
}
