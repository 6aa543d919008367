package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.api.RpcService;
import io.ferryrpc.core.testing.Loopback;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link RpcServer#health()} and the HTTP probes of {@link RpcServer.Builder#healthEndpoint}, over real sockets. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HealthEndpointTest {

    /** A service whose calls can be held, to occupy threads. */
    @RpcService(name = "health.Gate", version = "1.0")
    public interface Gate {
        /** Returns once the gate is open (at once if it is). */
        String pass();
    }

    /** Holds every call until {@link #open()}; counts the calls holding. */
    static final class HeldGate implements Gate {
        final CountDownLatch open = new CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicInteger holding = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public String pass() {
            holding.incrementAndGet();
            try {
                open.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "passed";
        }

        void open() {
            open.countDown();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> request(RpcServer server, String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.healthPort() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(RpcServer server, String path) throws Exception {
        return request(server, "GET", path);
    }

    private static RpcServer server(Gate gate, java.util.function.UnaryOperator<RpcServer.Builder> customize) {
        return Loopback.server(Gate.class, gate, b -> customize.apply(b.healthEndpoint("127.0.0.1", 0)));
    }

    @Test
    void readinessFollowsOfflineAndOnlineWhileLivenessStaysUp() throws Exception {
        HeldGate gate = new HeldGate();
        gate.open();
        RpcServer server = server(gate, b -> b);
        int healthPort;
        try {
            healthPort = server.healthPort();
            assertThat(healthPort).isNotEqualTo(server.port()).isPositive();
            HttpResponse<String> ready = get(server, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("{\"status\":\"UP\"}");
            assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
            assertThat(server.health()).isEqualTo(new RpcServer.Health(true, true, List.of()));

            server.offline();
            HttpResponse<String> offline = get(server, "/health/ready");
            assertThat(offline.statusCode()).isEqualTo(503);
            assertThat(offline.body()).isEqualTo("{\"status\":\"DOWN\",\"reasons\":[\"offline\"]}");
            HttpResponse<String> live = get(server, "/health/live");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");

            server.online();
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);

            assertThat(get(server, "/health").statusCode()).isEqualTo(404);
            assertThat(get(server, "/health/ready/x").statusCode()).isEqualTo(404);
            assertThat(get(server, "/").statusCode()).isEqualTo(404);
            HttpResponse<String> post = request(server, "POST", "/health/live");
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET");
            assertThat(request(server, "DELETE", "/health/ready").statusCode()).isEqualTo(405);
            // Query strings do not change the answer.
            assertThat(get(server, "/health/ready?verbose=1").statusCode()).isEqualTo(200);
        } finally {
            server.close();
        }

        RpcServer.Health closed = server.health();
        assertThat(closed.live()).isFalse();
        assertThat(closed.ready()).isFalse();
        assertThat(closed.reasons()).containsExactly("closed");
        HttpRequest afterClose = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/health/live"))
                .timeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> http.send(afterClose, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("ferry-server-health")));
    }

    @Test
    void aWedgedEventLoopFailsLivenessAndAFullExecutorDoesNot() throws Exception {
        HeldGate onIo = new HeldGate();
        HeldGate onExecutor = new HeldGate();
        List<CompletableFuture<String>> held = new ArrayList<>();
        try (RpcServer wedged = server(onIo, b -> b.runOnIoThreads(true).ioThreads(1));
                RpcServer busy = server(onExecutor, b -> b.executorThreads(1).executorQueueSize(1));
                RpcClient client = RpcClient.builder()
                        .defaultPolicy(CallPolicy.builder().timeout(Duration.ofSeconds(30)).retries(0).build())
                        .build()) {
            // The only IO thread runs a call that blocks: nothing else on that loop happens until it returns.
            Gate wedgedGate = client.proxy(Gate.class, Loopback.address(wedged));
            held.add(CompletableFuture.supplyAsync(wedgedGate::pass));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> onIo.holding.get() == 1);
            long start = System.nanoTime();
            RpcServer.Health health = wedged.health();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(health.live()).isFalse();
            assertThat(health.reasons()).containsExactly("ferry-server-io event loop 0 did not run a task within"
                    + " 1000 ms");
            HttpResponse<String> live = get(wedged, "/health/live");
            assertThat(live.statusCode()).isEqualTo(503);
            assertThat(live.body()).contains("ferry-server-io event loop 0 did not run a task");
            onIo.open();
            assertThat(held.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("passed");
            assertThat(wedged.health().live()).isTrue();

            // One executor thread busy and its one queue place taken: more calls are refused, the server is live.
            Gate busyGate = client.proxy(Gate.class, Loopback.address(busy));
            held.add(CompletableFuture.supplyAsync(busyGate::pass));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> onExecutor.holding.get() == 1);
            held.add(CompletableFuture.supplyAsync(busyGate::pass));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> busy.stats().inFlight() == 2);
            assertThatThrownBy(busyGate::pass).isInstanceOfSatisfying(RpcException.class,
                    e -> assertThat(e.code()).isEqualTo(RpcException.Code.SERVER_BUSY));
            assertThat(busy.health()).isEqualTo(new RpcServer.Health(true, true, List.of()));
            assertThat(get(busy, "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(busy, "/health/ready").statusCode()).isEqualTo(200);
        } finally {
            onIo.open();
            onExecutor.open();
        }
    }

    @Test
    void healthBeforeStartWhileClosingAndAfterClose() throws Exception {
        // The in-memory registry is always connected; a registry's own reasons are tested with ZooKeeper in
        // rpc-registry.
        HeldGate gate = new HeldGate();
        RpcServer server = RpcServer.builder().bindAddress("127.0.0.1").host("127.0.0.1").port(0)
                .registry("memory://" + UUID.randomUUID()).unregisterGracePeriod(Duration.ZERO)
                .healthEndpoint("127.0.0.1", 0).build();
        server.export(Gate.class, gate);
        assertThat(server.health()).isEqualTo(new RpcServer.Health(false, false, List.of("not started")));
        assertThatThrownBy(server::healthPort).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not started");
        server.start();
        Thread closer = new Thread(server::close, "health-test-closer");
        try (RpcClient client = RpcClient.builder().build()) {
            assertThat(server.health()).isEqualTo(new RpcServer.Health(true, true, List.of()));
            server.offline();
            assertThat(server.health()).isEqualTo(new RpcServer.Health(true, false, List.of("offline")));
            server.online();

            // A call in flight keeps close() draining: the server is closing, not ready, and still live.
            CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(
                    client.proxy(Gate.class, Loopback.address(server))::pass);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gate.holding.get() == 1);
            closer.start();
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.health().reasons().contains("closing"));
            assertThat(server.health()).isEqualTo(new RpcServer.Health(true, false, List.of("closing")));
            HttpResponse<String> ready = get(server, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("{\"status\":\"DOWN\",\"reasons\":[\"closing\"]}");
            assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
            gate.open();
            assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEqualTo("passed");
            closer.join(10_000);
            assertThat(closer.isAlive()).isFalse();
        } finally {
            gate.open();
            server.close();
        }
        assertThat(server.health()).isEqualTo(new RpcServer.Health(false, false, List.of("closed")));
    }

    @Test
    void withoutAnEndpointThereIsNoHealthPort() {
        try (RpcServer server = Loopback.server(Gate.class, () -> "x", b -> b)) {
            assertThatThrownBy(server::healthPort).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("RpcServer.Builder.healthEndpoint(bindAddress, port)");
            assertThat(server.health()).isEqualTo(new RpcServer.Health(true, true, List.of()));
        }
    }

    @Test
    void theBuilderRejectsABadHealthEndpointAndABusyPortFailsTheStart() throws Exception {
        assertThatThrownBy(() -> RpcServer.builder().healthEndpoint("127.0.0.1", 65536))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("healthEndpoint port: 65536");
        assertThatThrownBy(() -> RpcServer.builder().healthEndpoint(" ", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("healthEndpoint bindAddress");
        HeldGate gate = new HeldGate();
        gate.open();
        try (RpcServer first = server(gate, b -> b)) {
            int taken = first.healthPort();
            RpcServer second = RpcServer.builder().bindAddress("127.0.0.1").host("127.0.0.1").port(0)
                    .healthEndpoint("127.0.0.1", taken).build();
            assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot bind the health endpoint to 127.0.0.1:" + taken);
            assertThat(second.health().reasons()).containsExactly("closed");
        }
    }
}
