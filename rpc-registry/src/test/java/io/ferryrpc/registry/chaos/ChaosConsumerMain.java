package io.ferryrpc.registry.chaos;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.CallPolicy;
import io.ferryrpc.core.RpcClient;
import io.ferryrpc.core.spi.Endpoint;
import io.ferryrpc.core.spi.LoadBalancer;
import io.ferryrpc.registry.zookeeper.ZooKeeperAddress;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chaos tests' consumer, in its own JVM inside a network namespace:
 * {@code ChaosConsumerMain <zookeeper host:port> <outcomes file> <callers> <id prefix> <max seconds>}. Each caller
 * alternates {@link LedgerService#record} and {@link LedgerService#charge} with a fresh request id, in a closed loop
 * paced by {@link #PAUSE}, until standard input closes or the time is up; then it prints {@code DONE} and exits.
 *
 * <p>Every call ends as one line of the outcomes file:
 * {@code CALL <R|C> <id> <start epoch ms> <end epoch ms> <OK|code> <provider name or -> <attempted addresses>}. The
 * attempts are what the load balancer was asked to choose for that id, one entry per attempt.
 */
public final class ChaosConsumerMain {

    /** Heartbeat of consumers and providers: a silent connection is closed after three of these. */
    static final Duration HEARTBEAT = Duration.ofMillis(500);
    /** Pause of each caller between two calls, which keeps the log and the CPU load small on a 2-core machine. */
    static final Duration PAUSE = Duration.ofMillis(10);

    private ChaosConsumerMain() {}

    /** Runs the load until standard input closes or the time is up. */
    public static void main(String[] args) throws Exception {
        // The test signals this JVM by pid: `ip netns exec` forks it, so it is not the pid the test started.
        System.out.println("PID=" + ProcessHandle.current().pid());
        String zookeeper = args[0];
        int callers = Integer.parseInt(args[2]);
        String prefix = args[3];
        long endNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[4]));
        String registry = ZooKeeperAddress.builder().hosts(zookeeper).sessionTimeout(Duration.ofSeconds(8))
                .connectTimeout(Duration.ofSeconds(20)).build().toString();
        AttemptRecorder attempts = new AttemptRecorder(LoadBalancer.weightedRandom());
        AtomicLong calls = new AtomicLong();
        try (PrintStream out = new PrintStream(new FileOutputStream(args[1], true), false, StandardCharsets.UTF_8);
                RpcClient client = RpcClient.builder().registry(registry).applicationName("chaos-consumer")
                        .warmup(Duration.ZERO).connectTimeout(Duration.ofSeconds(1)).heartbeatInterval(HEARTBEAT)
                        .defaultPolicy(CallPolicy.builder().loadBalancer(attempts).build())
                        .build()) {
            LedgerService ledger = client.proxy(LedgerService.class);
            System.out.println("STARTED");
            System.out.flush();
            Thread stdinWatch = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // Run until the test closes our input.
                    }
                } catch (IOException e) {
                    // Treated as closed.
                }
            }, "stdin-watch");
            stdinWatch.setDaemon(true);
            stdinWatch.start();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                Thread t = new Thread(() -> {
                    for (long n = 0; stdinWatch.isAlive() && System.nanoTime() < endNanos; n++) {
                        boolean idempotent = n % 2 == 0;
                        String id = prefix + "-" + caller + "-" + n + (idempotent ? "R" : "C");
                        long start = System.currentTimeMillis();
                        String outcome;
                        String provider = "-";
                        try {
                            provider = idempotent ? ledger.record(id) : ledger.charge(id);
                            outcome = "OK";
                        } catch (RpcException e) {
                            outcome = e.code().name();
                        } catch (RuntimeException e) {
                            outcome = "EXCEPTION:" + e.getClass().getSimpleName();
                        }
                        long end = System.currentTimeMillis();
                        String line = "CALL " + (idempotent ? "R" : "C") + " " + id + " " + start + " " + end + " "
                                + outcome + " " + provider + " " + attempts.take(id);
                        synchronized (out) {
                            out.println(line);
                            out.flush();
                        }
                        calls.incrementAndGet();
                        try {
                            Thread.sleep(PAUSE.toMillis());
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "caller-" + c);
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
        }
        System.out.println("DONE calls=" + calls.get());
        System.out.flush();
    }

    /** Delegates to a real balancer and remembers, per request id (the first argument), every address chosen. */
    private static final class AttemptRecorder implements LoadBalancer {
        private final LoadBalancer delegate;
        private final Map<String, List<String>> chosen = new ConcurrentHashMap<>();

        AttemptRecorder(LoadBalancer delegate) {
            this.delegate = delegate;
        }

        @Override
        public <E extends Endpoint> E select(List<E> candidates, String service, String method, Object[] arguments) {
            E picked = delegate.select(candidates, service, method, arguments);
            chosen.computeIfAbsent((String) arguments[0], k -> new ArrayList<>(2)).add(picked.address());
            return picked;
        }

        @Override
        public String name() {
            return "recording-" + delegate.name();
        }

        /** Returns and forgets the addresses chosen for {@code id}, comma-separated, or {@code -}. */
        String take(String id) {
            List<String> list = chosen.remove(id);
            return list == null ? "-" : String.join(",", list);
        }
    }
}
