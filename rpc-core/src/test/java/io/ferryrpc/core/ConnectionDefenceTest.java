package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.api.RpcService;
import io.ferryrpc.core.internal.descriptor.CallIds;
import io.ferryrpc.core.internal.serialize.ProtostuffSerializerFactory;
import io.ferryrpc.core.spi.SerializationConfig;
import io.ferryrpc.core.spi.TupleCodec;
import io.ferryrpc.core.testing.Loopback;
import io.ferryrpc.core.testing.RawConnection;
import io.ferryrpc.core.testing.RawFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Slow-loris clients, half-open connections, connection floods and pipelining floods are cut off by the provider's
 * timeouts and limits, while a well-behaved consumer keeps being served, and keeps its latency (figures printed).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnectionDefenceTest {

    /** A service whose calls can be held until the test lets them answer. */
    @RpcService(name = "defence.Parked")
    public interface Parked {
        /** Blocks until released. */
        String hold(String value);

        /** Completes when released, without holding a thread. */
        CompletableFuture<String> holdAsync(String value);

        /** Returns {@code value} at once. */
        String echo(String value);
    }

    static final class ParkedImpl implements Parked {
        final CountDownLatch release = new CountDownLatch(1);
        final ConcurrentLinkedQueue<CompletableFuture<String>> parked = new ConcurrentLinkedQueue<>();
        final AtomicInteger started = new AtomicInteger();

        @Override
        public String hold(String value) {
            started.incrementAndGet();
            try {
                return release.await(20, TimeUnit.SECONDS) ? value : "never released";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }

        @Override
        public CompletableFuture<String> holdAsync(String value) {
            started.incrementAndGet();
            CompletableFuture<String> f = new CompletableFuture<>();
            parked.add(f);
            if (release.getCount() == 0) {
                f.complete(value);
            }
            return f.thenApply(ignored -> value);
        }

        @Override
        public String echo(String value) {
            return value;
        }

        void releaseAll() {
            release.countDown();
            parked.forEach(f -> f.complete("released"));
        }
    }

    private static final TupleCodec STRING_ARGUMENT = new ProtostuffSerializerFactory()
            .create(SerializationConfig.of(ConnectionDefenceTest.class.getClassLoader(), List.of()))
            .tupleCodec(String.class);

    private static int callId(String method) throws NoSuchMethodException {
        return CallIds.of(CallIds.signature("defence.Parked", "1.0", Parked.class.getMethod(method, String.class)));
    }

    private static byte[] request(long requestId, String method, String argument) throws NoSuchMethodException {
        ByteBuf args = Unpooled.buffer();
        try {
            STRING_ARGUMENT.encode(new Object[] {argument}, args);
            byte[] bytes = new byte[args.readableBytes()];
            args.readBytes(bytes);
            return RawFrames.request((byte) 1, requestId, callId(method), 30_000, bytes);
        } finally {
            args.release();
        }
    }

    /** Sequential calls of a well-behaved consumer, timed; at least {@code min} of them, then until {@code done}. */
    private static long[] timedCalls(Parked service, int min, BooleanSupplier done) {
        List<Long> nanos = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((nanos.size() < min || !done.getAsBoolean()) && System.nanoTime() < end) {
            long begin = System.nanoTime();
            String value = "call " + nanos.size();
            assertThat(service.echo(value)).isEqualTo(value);
            nanos.add(System.nanoTime() - begin);
        }
        return nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static double percentileMillis(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** Prints and loosely checks a well-behaved consumer's latency before and during an attack. */
    private static void report(String attack, long[] before, long[] during) {
        System.out.printf("%s: well-behaved consumer before: %d calls p50 %.3f ms p99 %.3f ms; during: %d calls "
                + "p50 %.3f ms p99 %.3f ms%n", attack, before.length, percentileMillis(before, 0.5),
                percentileMillis(before, 0.99), during.length, percentileMillis(during, 0.5),
                percentileMillis(during, 0.99));
        assertThat(percentileMillis(during, 0.99)).as("p99 during %s, ms", attack).isLessThan(1000);
    }

    @Test
    void slowLorisConnectionsAreClosedByTheFrameTimeouts() throws Exception {
        ParkedImpl impl = new ParkedImpl();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        List<RawConnection> lorises = new ArrayList<>();
        try (RpcServer server = Loopback.server(Parked.class, impl, b -> b
                        .frameReadTimeout(Duration.ofMillis(500)).firstFrameTimeout(Duration.ofSeconds(3)));
                RpcClient client = RpcClient.builder().build()) {
            Parked service = client.proxy(Parked.class, Loopback.address(server));
            timedCalls(service, 1000, () -> true); // JIT warm-up, not measured
            long[] before = timedCalls(service, 300, () -> true);
            byte[] frame = request(1, "echo", "a request sent one byte at a time");
            // Three waves of three, 300 ms apart: each sends a byte every 100 ms, 5 bytes per timeout, so none of
            // its frames can complete (a frame of 63 bytes would take 6.3 s). The first of each wave starts with
            // nothing complete (first-frame timeout), the others send a whole PING first and then dribble (frame-read
            // timeout).
            for (int wave = 0; wave < 3; wave++) {
                List<RawConnection> waveLorises = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    RawConnection loris = new RawConnection(server.port());
                    if (i > 0) {
                        loris.write(RawFrames.ping(i));
                    }
                    waveLorises.add(loris);
                }
                lorises.addAll(waveLorises);
                int[] sent = new int[waveLorises.size()];
                pacer.scheduleAtFixedRate(() -> {
                    for (int i = 0; i < waveLorises.size(); i++) {
                        if (!waveLorises.get(i).isClosed() && sent[i] < frame.length) {
                            waveLorises.get(i).write(Arrays.copyOfRange(frame, sent[i], sent[i] + 1));
                            sent[i]++;
                        }
                    }
                }, wave * 300L, 100, TimeUnit.MILLISECONDS);
            }
            long[] during = timedCalls(service, 300, () -> lorises.stream().allMatch(RawConnection::isClosed));
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> lorises.stream().allMatch(RawConnection::isClosed));
            for (int i = 0; i < lorises.size(); i++) {
                if (i % 3 == 0) {
                    // Nothing complete yet: the 3 s first-frame timeout.
                    assertThat(lorises.get(i).millisOpen()).as("loris %d", i).isBetween(2_900L, 8_000L);
                } else {
                    // A PING, then a stalled frame: the 500 ms frame-read timeout, well before the first-frame one.
                    assertThat(lorises.get(i).millisOpen()).as("loris %d", i).isBetween(400L, 2_500L);
                }
            }
            assertThat(server.stats().connectionsTimedOut()).isEqualTo(lorises.size());
            assertThat(server.stats().protocolErrors()).isZero();
            report("slow loris (9 connections, 1 byte per 100 ms, frameReadTimeout 500 ms, firstFrameTimeout 3 s)", before, during);
            assertThat(service.echo("after")).isEqualTo("after");
            assertThat(server.stats().connections()).isEqualTo(1);
        } finally {
            pacer.shutdownNow();
            for (RawConnection loris : lorises) {
                loris.close();
            }
        }
    }

    @Test
    void halfOpenConnectionsAreClosedWhileAnIdleConsumerStays() throws Exception {
        ParkedImpl impl = new ParkedImpl();
        List<RawConnection> silent = new ArrayList<>();
        try (RpcServer server = Loopback.server(Parked.class, impl, b -> b
                        .firstFrameTimeout(Duration.ofMillis(500)).heartbeatInterval(Duration.ofMillis(300)));
                RpcClient client = RpcClient.builder().heartbeatInterval(Duration.ofMillis(300)).build()) {
            Parked service = client.proxy(Parked.class, Loopback.address(server));
            assertThat(service.echo("connected")).isEqualTo("connected");
            for (int i = 0; i < 6; i++) {
                RawConnection raw = new RawConnection(server.port());
                if (i % 2 == 1) {
                    // One frame, then silence: only the idle timeout (3 x 300 ms) can tell.
                    raw.write(RawFrames.ping(i));
                }
                silent.add(raw);
            }
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> silent.stream().allMatch(RawConnection::isClosed));
            for (RawConnection raw : silent) {
                assertThat(raw.millisOpen()).isBetween(400L, 5_000L);
            }
            assertThat(server.stats().connectionsTimedOut()).isEqualTo(silent.size());
            // The consumer, idle all along but pinging, kept its connection.
            assertThat(service.echo("still connected")).isEqualTo("still connected");
            assertThat(server.stats().connectionsAccepted()).isEqualTo(1 + silent.size());
            assertThat(server.stats().connections()).isEqualTo(1);
        } finally {
            for (RawConnection raw : silent) {
                raw.close();
            }
        }
    }

    @Test
    void aConnectionFloodIsRefusedOverTheLimitAndServiceResumesAfterIt() throws Exception {
        ParkedImpl impl = new ParkedImpl();
        int max = 10;
        int extra = 6;
        List<RawConnection> flood = new ArrayList<>();
        try (RpcServer server = Loopback.server(Parked.class, impl, b -> b.maxConnections(max));
                RpcClient client = RpcClient.builder().build()) {
            Parked service = client.proxy(Parked.class, Loopback.address(server));
            timedCalls(service, 1000, () -> true); // JIT warm-up, not measured
            long[] before = timedCalls(service, 300, () -> true);
            for (int i = 0; i < max - 1 + extra; i++) {
                RawConnection raw = new RawConnection(server.port());
                raw.write(RawFrames.ping(i));
                flood.add(raw);
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(flood.stream().filter(RawConnection::isClosed).count()).isEqualTo(extra);
                assertThat(server.stats().connectionsRefused()).isEqualTo(extra);
                assertThat(server.stats().connections()).isEqualTo(max);
            });

            long[] during = timedCalls(service, 300, () -> true);
            report("connection flood (" + (max - 1 + extra) + " raw connections, maxConnections " + max + ")",
                    before, during);

            try (RpcClient late = RpcClient.builder().build()) {
                Parked refused = late.proxy(Parked.class, Loopback.address(server));
                long begin = System.nanoTime();
                assertThatThrownBy(() -> refused.echo("no room")).isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.code()).isEqualTo(RpcException.Code.CONNECTION_FAILED));
                assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(2));

                for (RawConnection raw : flood) {
                    raw.close();
                }
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().connections() == 1);
                Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(refused.echo("room again")).isEqualTo("room again"));
            }
            assertThat(service.echo("first consumer")).isEqualTo("first consumer");
        } finally {
            for (RawConnection raw : flood) {
                raw.close();
            }
        }
    }

    @ParameterizedTest(name = "runOnIoThreads={0}")
    @ValueSource(booleans = {false, true})
    void requestsOverTheInFlightLimitOfAConnectionAreRefusedAndNoneIsLost(boolean onIoThreads) throws Exception {
        ParkedImpl impl = new ParkedImpl();
        int limit = 5;
        int sent = 8;
        // A blocking method on the executor, or an asynchronous one on the IO threads (which must never block).
        String method = onIoThreads ? "holdAsync" : "hold";
        try (RpcServer server = Loopback.server(Parked.class, impl, b -> b
                        .maxInFlightPerConnection(limit).runOnIoThreads(onIoThreads));
                RpcClient client = RpcClient.builder().build();
                RawConnection raw = new RawConnection(server.port())) {
            Parked service = client.proxy(Parked.class, Loopback.address(server));
            byte[][] frames = new byte[sent][];
            int total = 0;
            for (int i = 0; i < sent; i++) {
                frames[i] = request(i + 1, method, "call " + (i + 1));
                total += frames[i].length;
            }
            byte[] pipelined = new byte[total];
            int at = 0;
            for (byte[] frame : frames) {
                System.arraycopy(frame, 0, pipelined, at, frame.length);
                at += frame.length;
            }
            assertThat(raw.write(pipelined)).isTrue();

            List<RawFrames.Received> busy = new ArrayList<>();
            for (int i = 0; i < sent - limit; i++) {
                RawFrames.Received r = raw.received().poll(10, TimeUnit.SECONDS);
                assertThat(r).as("refusal %d", i).isNotNull();
                busy.add(r);
            }
            assertThat(busy).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(RpcException.Code.SERVER_BUSY.wireValue());
                assertThat(r.message()).contains("calls in flight");
            });
            assertThat(busy).extracting(RawFrames.Received::requestId).containsExactlyInAnyOrder(6L, 7L, 8L);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> impl.started.get() == limit);
            assertThat(server.stats().rejectedPerConnection()).isEqualTo(sent - limit);
            assertThat(server.stats().rejected()).isZero();

            // Another connection is not affected by this one being at its limit.
            assertThat(service.echo("other connection")).isEqualTo("other connection");

            impl.releaseAll();
            Set<Long> answered = new HashSet<>();
            for (int i = 0; i < limit; i++) {
                RawFrames.Received r = raw.received().poll(10, TimeUnit.SECONDS);
                assertThat(r).as("answer %d", i).isNotNull();
                assertThat(r.status()).isZero();
                assertThat(answered.add(r.requestId())).as("answered once: %d", r.requestId()).isTrue();
            }
            assertThat(answered).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().inFlight() == 0);

            // With its calls answered, the connection has room again.
            assertThat(raw.write(request(9, method, "after"))).isTrue();
            RawFrames.Received after = raw.received().poll(10, TimeUnit.SECONDS);
            assertThat(after).isNotNull();
            assertThat(after.requestId()).isEqualTo(9L);
            assertThat(after.status()).isZero();
            assertThat(raw.received()).isEmpty();
            assertThat(raw.isClosed()).isFalse();
        }
    }

    @Test
    void aConsumerThatStopsReadingIsThrottledNotCutOffByTheFrameReadTimeout() throws Exception {
        ParkedImpl impl = new ParkedImpl();
        int requests = 400;
        String payload = "p".repeat(64 * 1024);
        byte[] frame = request(1, "echo", payload);
        AtomicInteger written = new AtomicInteger();
        try (RpcServer server = Loopback.server(Parked.class, impl, b -> b.frameReadTimeout(Duration.ofMillis(300)));
                RawConnection raw = new RawConnection(server.port(), false)) {
            Thread writer = new Thread(() -> {
                for (int i = 0; i < requests && raw.write(frame); i++) {
                    written.incrementAndGet();
                }
            }, "unread-writer");
            writer.setDaemon(true);
            writer.start();
            // 26 MB of requests whose answers nobody reads: the provider stops reading this connection, most
            // likely in the middle of a frame, and the writer stalls; for far longer than the frame-read timeout.
            AtomicInteger lastSeen = new AtomicInteger(-1);
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .during(Duration.ofMillis(1500)).until(() -> written.get() == lastSeen.getAndSet(written.get()));
            assertThat(written.get()).as("requests written before the stall").isLessThan(requests);
            raw.startReading();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> raw.received().size() == requests);
            assertThat(raw.received()).allSatisfy(r -> assertThat(r.status()).isZero());
            assertThat(raw.isClosed()).isFalse();
            assertThat(server.stats().connectionsTimedOut()).isZero();
        }
    }

    @Test
    void theLimitsAreValidated() {
        RpcServer.Builder b = RpcServer.builder();
        assertThatThrownBy(() -> b.maxConnections(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> b.maxInFlightPerConnection(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxInFlightPerConnection");
        assertThatThrownBy(() -> b.frameReadTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frameReadTimeout");
        assertThatThrownBy(() -> b.firstFrameTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("firstFrameTimeout");
    }

}
