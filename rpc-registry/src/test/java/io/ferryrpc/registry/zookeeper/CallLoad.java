package io.ferryrpc.registry.zookeeper;

import io.ferryrpc.core.fixtures.CountingService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Callers that keep reading (idempotent) and writing (not idempotent) through a {@link CountingService} proxy, each
 * call with an id of its own, and remember what succeeded, what failed and which provider answered; checked against
 * what the {@link RecordingCounter} providers ran.
 */
final class CallLoad implements AutoCloseable {

    private static final long MAX_CALLS_PER_THREAD = 2_000_000;

    private final CountingService service;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final long deadlineNanos;
    private volatile boolean running = true;

    final ConcurrentLinkedQueue<Long> readsOk = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Long> writesOk = new ConcurrentLinkedQueue<>();
    final LongAdder failed = new LongAdder();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final Map<String, LongAdder> answersBy = new ConcurrentHashMap<>();
    final Map<String, Long> firstAnswerNanos = new ConcurrentHashMap<>();

    /** Starts {@code threads} callers that stop on {@link #close()} or after {@code atMost}. */
    CallLoad(CountingService service, int threadCount, Duration atMost) {
        this.service = service;
        this.deadlineNanos = System.nanoTime() + atMost.toNanos();
        for (int i = 0; i < threadCount; i++) {
            Thread t = new Thread(this::run, "load-caller-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void run() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (long n = 0; n < MAX_CALLS_PER_THREAD && running && System.nanoTime() < deadlineNanos; n++) {
            long id = ids.incrementAndGet();
            boolean write = random.nextBoolean();
            try {
                String by = write ? service.write(id) : service.read(id);
                (write ? writesOk : readsOk).add(id);
                answersBy.computeIfAbsent(by, k -> new LongAdder()).increment();
                firstAnswerNanos.putIfAbsent(by, System.nanoTime());
            } catch (RuntimeException e) {
                failed.increment();
                if (failures.size() < 20) {
                    failures.add(java.time.LocalTime.now() + " " + (write ? "write " : "read ") + id + ": " + e);
                }
            }
        }
    }

    /** Returns the calls made so far, answered or failed. */
    long calls() {
        return readsOk.size() + writesOk.size() + failed.sum();
    }

    /** Stops the callers and waits for their last calls. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(30_000);
        }
    }

    /** What the providers ran, checked against what the callers saw. */
    record Verdict(long reads, long writes, long failed, long duplicatedReads, long duplicatedWrites,
            long lostReads, long lostWrites, long unseenWrites) {

        @Override
        public String toString() {
            return "calls=" + (reads + writes + failed) + " reads=" + reads + " writes=" + writes + " failed=" + failed
                    + " readsRunTwice=" + duplicatedReads + " writesRunTwice=" + duplicatedWrites
                    + " readsAnsweredNeverRun=" + lostReads + " writesAnsweredNeverRun=" + lostWrites
                    + " writesRunButFailed=" + unseenWrites;
        }
    }

    /** Compares what succeeded here with what {@code providers} ran; call after {@link #close()}. */
    Verdict verdict(List<RecordingCounter> providers) {
        Map<Long, Integer> readsRan = new HashMap<>();
        Map<Long, Integer> writesRan = new HashMap<>();
        for (RecordingCounter p : providers) {
            p.reads.forEach((id, n) -> readsRan.merge(id, n, Integer::sum));
            p.writes.forEach((id, n) -> writesRan.merge(id, n, Integer::sum));
        }
        long lostReads = readsOk.stream().filter(id -> !readsRan.containsKey(id)).count();
        long duplicatedReads = readsRan.values().stream().filter(n -> n > 1).count();
        long duplicatedWrites = writesRan.values().stream().filter(n -> n > 1).count();
        long lostWrites = writesOk.stream().filter(id -> !writesRan.containsKey(id)).count();
        long unseenWrites = writesRan.size() - (writesOk.size() - lostWrites);
        return new Verdict(readsOk.size(), writesOk.size(), failed.sum(), duplicatedReads, duplicatedWrites,
                lostReads, lostWrites, unseenWrites);
    }
}
