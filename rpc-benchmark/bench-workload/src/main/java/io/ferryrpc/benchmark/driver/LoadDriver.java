package io.ferryrpc.benchmark.driver;

import io.ferryrpc.benchmark.workload.Operation;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop load of fixed concurrency: {@code concurrency} threads each call, wait for the answer and call again,
 * as dubbo-benchmark's JMH threads do. A warm-up runs first and is thrown away; then one measured window. Every run
 * ends by itself: threads stop at the window's end, and a thread stuck past the peer's timeout is abandoned.
 *
 * <p>Being closed-loop, it measures latency under the load it offers itself; a slower peer is offered fewer calls,
 * which understates its tail (coordinated omission). The comparison therefore reads throughput and latency together.
 */
public final class LoadDriver {

    private static final long MAX_TRACKED_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Peer.Client client;
    private final Operation operation;
    private final int concurrency;
    private final Duration warmup;
    private final Duration window;
    private final Duration timeout;

    /** Creates a driver of {@code concurrency} callers of {@code operation} through {@code client}. */
    public LoadDriver(Peer.Client client, Operation operation, int concurrency, Duration warmup, Duration window,
            Duration timeout) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency: " + concurrency + " (expected >= 1)");
        }
        this.client = client;
        this.operation = operation;
        this.concurrency = concurrency;
        this.warmup = warmup;
        this.window = window;
        this.timeout = timeout;
    }

    /** Runs the warm-up and the window and returns what the window measured. */
    public RunResult run(String peer, String variant, int payloadSize) throws InterruptedException {
        Recorder recorder = new Recorder(MAX_TRACKED_NANOS, 3);
        LongAdder errors = new LongAdder();
        LongAdder timeouts = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        AtomicLong sequence = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long measureUntil = measureFrom + window.toNanos();
        List<Thread> callers = new ArrayList<>(concurrency);
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(() -> {
                long now = System.nanoTime();
                while (now < measureUntil) {
                    long begin = now;
                    boolean failed = false;
                    try {
                        client.call(operation, sequence.getAndIncrement());
                    } catch (Exception e) {
                        failed = true;
                        if (begin >= measureFrom) {
                            errors.increment();
                            if (client.isTimeout(e)) {
                                timeouts.increment();
                            }
                            firstError.compareAndSet(null, e.toString());
                        }
                    }
                    now = System.nanoTime();
                    if (begin >= measureFrom && now <= measureUntil && !failed) {
                        recorder.recordValue(Math.min(now - begin, MAX_TRACKED_NANOS));
                    }
                }
            }, "caller-" + i);
            t.setDaemon(true);
            callers.add(t);
        }
        for (Thread t : callers) {
            t.start();
        }
        long cpuBefore;
        long waitUntilWindow = measureFrom - System.nanoTime();
        if (waitUntilWindow > 0) {
            TimeUnit.NANOSECONDS.sleep(waitUntilWindow);
        }
        cpuBefore = processCpuNanos();
        long left = measureUntil - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
        Histogram histogram = recorder.getIntervalHistogram();
        long cpuAfter = processCpuNanos();
        // Let callers finish their last call, within the timeout, so the server sees no surprise disconnects.
        long joinUntil = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(2);
        for (Thread t : callers) {
            long wait = joinUntil - System.nanoTime();
            if (wait > 0) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
            }
        }
        double seconds = window.toNanos() / 1e9;
        long calls = histogram.getTotalCount();
        double cpuPerCall = calls == 0 ? 0 : (cpuAfter - cpuBefore) / 1e3 / calls;
        return new RunResult(peer, variant, operation.methodName(), concurrency, payloadSize, calls, errors.sum(),
                timeouts.sum(), seconds, calls / seconds, micros(histogram.getValueAtPercentile(50)),
                micros(histogram.getValueAtPercentile(90)), micros(histogram.getValueAtPercentile(99)),
                micros(histogram.getValueAtPercentile(99.9)), micros(histogram.getMaxValue()), cpuPerCall,
                firstError.get());
    }

    private static double micros(long nanos) {
        return nanos / 1e3;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
