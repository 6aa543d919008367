package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcMethod;
import io.ferryrpc.api.RpcService;
import io.ferryrpc.core.internal.protocol.MessageType;
import io.ferryrpc.core.spi.ProviderInfo;
import io.ferryrpc.core.spi.Registry;
import io.ferryrpc.core.spi.ServiceKey;
import io.ferryrpc.core.testing.Loopback;
import io.ferryrpc.core.testing.MemoryRegistryFactory;
import io.ferryrpc.core.testing.RawConnection;
import io.ferryrpc.core.testing.RawFrames;
import io.ferryrpc.core.testing.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RpcServer#offline()} and {@link RpcServer#online()}: consumers stop choosing an offline provider (told by an
 * OFFLINE frame, or by the registry), calls still reaching it are answered, and it comes back with ONLINE.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OfflineOnlineTest {

    /** A service that records which calls ran where. */
    @RpcService(name = "ops.Worker", version = "1.0")
    public interface Worker {
        /** Records {@code id} and returns the provider's name. */
        String work(long id);

        /**
         * Records {@code id}, then blocks until the test lets it go; returns the provider's name. Its caller waits as
         * long as the provider holds it (30 s): the test lets it go only after hundreds of paced calls, which on a
         * loaded machine can take longer than the client's default 3 s timeout.
         */
        @RpcMethod(timeoutMillis = 30_000)
        String hold(long id);
    }

    /** Another service, exported while the provider is offline. */
    @RpcService(name = "ops.Late", version = "1.0")
    public interface Late {
        /** Answers. */
        String ping();
    }

    private static final ServiceKey WORKER = new ServiceKey("ops.Worker", "1.0", "");
    private static final ServiceKey LATE = new ServiceKey("ops.Late", "1.0", "");

    /** Counts the calls it ran, by id, so that a call run twice or on two providers shows. */
    static final class RecordingWorker implements Worker {
        final String name;
        final Set<Long> ids = ConcurrentHashMap.newKeySet();
        final Queue<Long> repeated = new ConcurrentLinkedQueue<>();
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        RecordingWorker(String name) {
            this.name = name;
        }

        @Override
        public String work(long id) {
            if (!ids.add(id)) {
                repeated.add(id);
            }
            return name;
        }

        @Override
        public String hold(long id) {
            work(id);
            holding.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
            return name;
        }

        int calls() {
            return ids.size();
        }
    }

    /** A few threads calling at a steady, bounded pace until stopped, recording every failure. */
    static final class Load implements AutoCloseable {
        private static final int MAX_CALLS_PER_THREAD = 20_000;
        final AtomicLong nextId;
        final AtomicLong succeeded = new AtomicLong();
        final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();

        Load(Worker worker, AtomicLong nextId, int threadCount) {
            this.nextId = nextId;
            for (int t = 0; t < threadCount; t++) {
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < MAX_CALLS_PER_THREAD && !stop.get(); i++) {
                        try {
                            worker.work(nextId.incrementAndGet());
                            succeeded.incrementAndGet();
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                        // Paces the load (about 1,000 calls a second per thread) on a shared 2-core machine.
                        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(500));
                    }
                }, "offline-load-" + t);
                thread.start();
                threads.add(thread);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(10_000);
                assertThat(thread.isAlive()).as("load thread stopped").isFalse();
            }
        }
    }

    private static RpcServer provider(RecordingWorker impl, UnaryOperator<RpcServer.Builder> customize) {
        return Loopback.server(Worker.class, impl, customize);
    }

    /**
     * Waits until {@code others} have run {@code calls} more calls since {@code quiet} last ran one: new calls go
     * only to the others now.
     */
    private static void awaitOnlyOthersCalled(RecordingWorker quiet, int calls, RecordingWorker... others) {
        int[] lastQuiet = {quiet.calls()};
        int[] mark = {sum(others)};
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            int now = quiet.calls();
            if (now != lastQuiet[0]) {
                lastQuiet[0] = now;
                mark[0] = sum(others);
                return false;
            }
            return sum(others) - mark[0] >= calls;
        });
    }

    private static int sum(RecordingWorker... workers) {
        int total = 0;
        for (RecordingWorker w : workers) {
            total += w.calls();
        }
        return total;
    }

    @Test
    void anOfflineProviderGetsNoNewCallsFinishesItsInFlightOnesAndComesBackOnline() throws Exception {
        RecordingWorker one = new RecordingWorker("p1");
        RecordingWorker two = new RecordingWorker("p2");
        AtomicLong ids = new AtomicLong();
        try (RpcServer p1 = provider(one, b -> b);
                RpcServer p2 = provider(two, b -> b);
                RpcClient client = RpcClient.builder().build()) {
            Worker both = client.proxy(Worker.class, Loopback.address(p1), Loopback.address(p2));
            Worker onlyP1 = client.proxy(Worker.class, Loopback.address(p1));
            Load load = new Load(both, ids, 3);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> one.calls() > 50 && two.calls() > 50);

                // A slow call in flight on p1 while it goes offline.
                long slowId = ids.incrementAndGet();
                CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> onlyP1.hold(slowId));
                assertThat(one.holding.await(10, TimeUnit.SECONDS)).isTrue();

                p1.offline();
                assertThat(p1.isOnline()).isFalse();
                awaitOnlyOthersCalled(one, 300, two);
                int p1WhileOffline = one.calls();
                int p2Mark = two.calls();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> two.calls() >= p2Mark + 300);
                assertThat(one.calls()).as("calls p1 ran while offline").isEqualTo(p1WhileOffline);

                assertThat(slow.isDone()).isFalse();
                one.release.countDown();
                assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("p1");

                p1.online();
                assertThat(p1.isOnline()).isTrue();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> one.calls() >= p1WhileOffline + 50);
            } finally {
                load.close();
            }
            assertThat(load.failures).isEmpty();
            assertThat(one.repeated).isEmpty();
            assertThat(two.repeated).isEmpty();
            Set<Long> overlap = new HashSet<>(one.ids);
            overlap.retainAll(two.ids);
            assertThat(overlap).as("calls run on both providers").isEmpty();
            // Every successful call ran exactly once; the held call is the one more on p1.
            assertThat(one.calls() + two.calls()).isEqualTo(load.succeeded.get() + 1);
        }
    }

    @Test
    void aConsumerWhoseOnlyProviderIsOfflineKeepsCalling() throws Exception {
        RecordingWorker one = new RecordingWorker("p1");
        RecordingWorker two = new RecordingWorker("p2");
        try (RpcServer p1 = provider(one, b -> b);
                RpcServer p2 = provider(two, b -> b);
                RpcClient client = RpcClient.builder().build()) {
            Worker onlyP1 = client.proxy(Worker.class, Loopback.address(p1));
            Worker both = client.proxy(Worker.class, Loopback.address(p1), Loopback.address(p2));
            AtomicLong ids = new AtomicLong();
            assertThat(onlyP1.work(ids.incrementAndGet())).isEqualTo("p1");

            p1.offline();
            // The connection (shared by both proxies) has heard OFFLINE once calls with a choice avoid p1.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                int before = one.calls();
                for (int i = 0; i < 20; i++) {
                    both.work(ids.incrementAndGet());
                }
                return one.calls() == before;
            });
            for (int i = 0; i < 50; i++) {
                assertThat(onlyP1.work(ids.incrementAndGet())).isEqualTo("p1");
            }
        }
    }

    @Test
    void offlineTakesTheProviderOutOfTheRegistryAndOnlineBringsItBack() throws Exception {
        String address = "memory://" + UUID.randomUUID();
        RecordingWorker one = new RecordingWorker("p1");
        RecordingWorker two = new RecordingWorker("p2");
        AtomicReference<List<ProviderInfo>> workers = new AtomicReference<>(List.of());
        AtomicReference<List<ProviderInfo>> lates = new AtomicReference<>(List.of());
        try (Registry observer = new MemoryRegistryFactory().create(address);
                AutoCloseable watchWorkers = observer.subscribe(WORKER, workers::set);
                AutoCloseable watchLates = observer.subscribe(LATE, lates::set);
                RpcServer p1 = provider(one, b -> b.registry(address).unregisterGracePeriod(Duration.ZERO));
                RpcServer p2 = provider(two, b -> b.registry(address).unregisterGracePeriod(Duration.ZERO));
                RpcClient client = RpcClient.builder().registry(address).build()) {
            Worker worker = client.proxy(Worker.class);
            AtomicLong ids = new AtomicLong();
            assertThat(ports(workers.get())).containsExactlyInAnyOrder(p1.port(), p2.port());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                worker.work(ids.incrementAndGet());
                return one.calls() > 0 && two.calls() > 0;
            });

            p1.offline();
            assertThat(ports(workers.get())).containsExactly(p2.port());
            p1.export(Late.class, () -> "late");
            assertThat(lates.get()).as("exported while offline: not registered").isEmpty();
            int p1Calls = one.calls();
            for (int i = 0; i < 200; i++) {
                assertThat(worker.work(ids.incrementAndGet())).isEqualTo("p2");
            }
            assertThat(one.calls()).isEqualTo(p1Calls);

            p1.online();
            assertThat(ports(workers.get())).containsExactlyInAnyOrder(p1.port(), p2.port());
            assertThat(ports(lates.get())).containsExactly(p1.port());
            assertThat(client.proxy(Late.class).ping()).isEqualTo("late");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                worker.work(ids.incrementAndGet());
                return one.calls() > p1Calls;
            });
        }
    }

    private static List<Integer> ports(List<ProviderInfo> providers) {
        return providers.stream().map(ProviderInfo::port).toList();
    }

    @Test
    void aConsumerConnectingWhileTheProviderIsOfflineIsToldAtOnce() throws Exception {
        connectWhileOffline(b -> b, c -> c);
    }

    @Test
    void aTlsConsumerConnectingWhileTheProviderIsOfflineIsToldAfterItsHandshake(@TempDir Path dir)
            throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        TlsConfig serverTls = TlsConfig.server(certs.server().certificate(), certs.server().privateKey()).build();
        TlsConfig clientTls = TlsConfig.client().trustedCertificates(certs.caCertificate()).build();
        connectWhileOffline(b -> b.tls(serverTls), c -> c.tls(clientTls));
    }

    private static void connectWhileOffline(UnaryOperator<RpcServer.Builder> server,
            UnaryOperator<RpcClient.Builder> consumer) throws Exception {
        RecordingWorker one = new RecordingWorker("p1");
        RecordingWorker two = new RecordingWorker("p2");
        try (RpcServer p1 = provider(one, server);
                RpcServer p2 = provider(two, server)) {
            p1.offline();
            AtomicLong ids = new AtomicLong();
            try (RpcClient client = consumer.apply(RpcClient.builder()).build()) {
                // The first call opens the connection to p1 (and is answered there); OFFLINE, written as the
                // connection became usable, arrives before that answer.
                assertThat(client.proxy(Worker.class, Loopback.address(p1)).work(ids.incrementAndGet()))
                        .isEqualTo("p1");
                Worker both = client.proxy(Worker.class, Loopback.address(p1), Loopback.address(p2));
                for (int i = 0; i < 200; i++) {
                    assertThat(both.work(ids.incrementAndGet())).isEqualTo("p2");
                }
            }
            // Without the detour: calls in sequence from a new consumer reach p1 at most once, with the call that
            // opened the connection to it (connections open on first use), as OFFLINE precedes its answer.
            int before = one.calls();
            List<String> answers = new ArrayList<>();
            try (RpcClient client = consumer.apply(RpcClient.builder()).build()) {
                Worker both = client.proxy(Worker.class, Loopback.address(p1), Loopback.address(p2));
                for (int i = 0; i < 100; i++) {
                    answers.add(both.work(ids.incrementAndGet()));
                }
            }
            assertThat(one.calls() - before).isLessThanOrEqualTo(1);
            assertThat(answers.stream().filter("p2"::equals).count()).isGreaterThanOrEqualTo(99);
        }
    }

    @Test
    void onTheWireOfflineAndOnlineAreEmptyFramesThatOnlyAProviderMaySend() throws Exception {
        try (RpcServer p1 = provider(new RecordingWorker("p1"), b -> b);
                RawConnection early = new RawConnection(p1.port())) {
            assertThat(early.write(RawFrames.ping(7))).isTrue();
            assertThat(early.received().poll(10, TimeUnit.SECONDS).type()).isEqualTo(MessageType.PONG.value());

            p1.offline();
            assertEmptyFrame(early.received().poll(10, TimeUnit.SECONDS), MessageType.OFFLINE);
            try (RawConnection late = new RawConnection(p1.port())) {
                // Told before it has sent anything.
                assertEmptyFrame(late.received().poll(10, TimeUnit.SECONDS), MessageType.OFFLINE);
                p1.online();
                assertEmptyFrame(early.received().poll(10, TimeUnit.SECONDS), MessageType.ONLINE);
                assertEmptyFrame(late.received().poll(10, TimeUnit.SECONDS), MessageType.ONLINE);

                // Only a provider announces these; from a consumer they break the protocol, like GOAWAY.
                assertThat(late.write(RawFrames.frame(MessageType.OFFLINE, 0, new byte[0]))).isTrue();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(late::isClosed);
                assertThat(p1.stats().protocolErrors()).isEqualTo(1);
            }
            assertThat(early.isClosed()).isFalse();
        }
    }

    private static void assertEmptyFrame(RawFrames.Received frame, MessageType type) {
        assertThat(frame).as("a %s frame", type).isNotNull();
        assertThat(frame.type()).isEqualTo(type.value());
        assertThat(frame.requestId()).isZero();
        assertThat(frame.body()).isEmpty();
    }

    @Test
    void offlineAndOnlineNeedARunningServerAndRepeatingThemIsHarmless() {
        RpcServer server = RpcServer.builder().bindAddress("127.0.0.1").host("127.0.0.1").port(0).build();
        server.export(Worker.class, new RecordingWorker("p"));
        assertThatThrownBy(server::offline).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not started");
        assertThatThrownBy(server::online).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not started");
        server.start();
        try (RpcClient client = RpcClient.builder().build()) {
            Worker worker = client.proxy(Worker.class, Loopback.address(server));
            server.online();
            assertThat(server.isOnline()).isTrue();
            server.offline();
            server.offline();
            assertThat(server.isOnline()).isFalse();
            assertThat(worker.work(1)).isEqualTo("p");
            server.online();
            server.online();
            assertThat(server.isOnline()).isTrue();
            assertThat(worker.work(2)).isEqualTo("p");
        } finally {
            server.close();
        }
        assertThatThrownBy(server::offline).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(server::online).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
