package io.ferryrpc.benchmark.driver;

import io.ferryrpc.benchmark.workload.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs scenarios against a server in another JVM and prints each one's {@link RunResult} as a {@code RESULT} line,
 * as soon as it is measured.
 *
 * <p>One scenario: {@code --peer NAME --port P [--host 127.0.0.1] [--op getUser] [--concurrency 32] [--payload 100]
 * [--warmup 5s] [--window 10s] [--timeout 3s] [--variant default] [--option key=value]...}
 *
 * <p>Several in one JVM: {@code --scenarios getUser@32@100,listUser@1@100,...} (operation, concurrency, echo
 * payload) replaces {@code --op}, {@code --concurrency} and {@code --payload}; {@code --jit-warmup 20s} first drives
 * every operation of the list for that long in all, so that the JIT has compiled the client's call path before the
 * first window. A fresh JVM needs tens of seconds of calls for that (Dubbo's client more than most), which the short
 * per-scenario warm-up alone would charge to whichever peer warms slowest.
 */
public final class ClientMain {

    private ClientMain() {}

    /** One measurement of the list. */
    record Step(Operation op, int concurrency, int payloadSize) {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        Arguments arguments = new Arguments(args);
        String peerName = arguments.string("peer", "ferry");
        Peer peer = Peers.find(peerName);
        int port = arguments.integer("port", -1);
        if (port <= 0) {
            throw new IllegalArgumentException("--port is required (the server's LISTENING line gives it)");
        }
        String host = arguments.string("host", "127.0.0.1");
        PeerSettings base = arguments.settings();
        List<Step> steps = steps(arguments, base.payloadSize());
        Duration warmup = arguments.duration("warmup", Duration.ofSeconds(5));
        Duration window = arguments.duration("window", Duration.ofSeconds(10));
        Duration jitWarmup = arguments.duration("jit-warmup", Duration.ZERO);
        String variant = arguments.string("variant", "default");

        // A client is bound to one echo payload size, so the steps run in groups of equal size, in list order.
        Map<Integer, List<Step>> bySize = new LinkedHashMap<>();
        for (Step step : steps) {
            bySize.computeIfAbsent(step.payloadSize(), k -> new ArrayList<>()).add(step);
        }
        long distinctOps = steps.stream().map(s -> s.op() + "@" + s.payloadSize()).distinct().count();
        Duration jitShare = jitWarmup.dividedBy(Math.max(1, distinctOps));
        for (Map.Entry<Integer, List<Step>> group : bySize.entrySet()) {
            PeerSettings settings = new PeerSettings(base.timeout(), group.getKey(), base.options());
            try (Peer.Client client = peer.connect(host, port, settings)) {
                if (!jitShare.isZero()) {
                    for (Operation op : group.getValue().stream().map(Step::op).distinct().toList()) {
                        // Results of the JIT warm-up are thrown away; only its effect on the code matters.
                        new LoadDriver(client, op, 16, Duration.ZERO, jitShare, settings.timeout())
                                .run(peerName, variant, group.getKey());
                    }
                }
                for (Step step : group.getValue()) {
                    RunResult result = new LoadDriver(client, step.op(), step.concurrency(), warmup, window,
                            settings.timeout()).run(peerName, variant, step.payloadSize());
                    System.out.println(RunResult.LINE_PREFIX + result.toJson());
                    System.out.flush();
                }
            }
        }
        // Caller threads abandoned past their timeout are daemons, but a peer's own threads may not be.
        System.exit(0);
    }

    private static List<Step> steps(Arguments arguments, int defaultPayload) {
        String list = arguments.string("scenarios", null);
        if (list == null) {
            return List.of(new Step(Operation.ofMethod(arguments.string("op", "getUser")),
                    arguments.integer("concurrency", 32), defaultPayload));
        }
        List<Step> steps = new ArrayList<>();
        for (String item : list.split(",")) {
            String[] parts = item.split("@");
            if (parts.length != 3) {
                throw new IllegalArgumentException("--scenarios item " + item + " (expected op@concurrency@payload)");
            }
            try {
                steps.add(new Step(Operation.ofMethod(parts[0]), Integer.parseInt(parts[1]),
                        Integer.parseInt(parts[2])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--scenarios item " + item + " (expected op@concurrency@payload)",
                        e);
            }
        }
        return steps;
    }
}
