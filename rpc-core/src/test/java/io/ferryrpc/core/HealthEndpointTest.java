package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.api.RpcService;
import io.ferryrpc.core.testing.Loopback;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

    private static HttpRequest probe(RpcServer server, String method, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.healthPort() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build();
    }

    private HttpResponse<String> request(RpcServer server, String method, String path) throws Exception {
        return http.send(probe(server, method, path), HttpResponse.BodyHandlers.ofString());
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
            assertThat(ready.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(ready.headers().firstValue("Content-Length")).hasValue("15");
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
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
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
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("ferry-server-health")));
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
            // It gives up on the wedged loop after its one-second check rather than wait for the held call.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(held.get(0)).as("the call wedging the loop").isNotDone();
            assertThat(health.live()).isFalse();
            assertThat(health.reasons()).containsExactly("ferry-server-io event loop 0 did not run a task within"
                    + " 1000 ms");
            HttpResponse<String> live = get(wedged, "/health/live");
            assertThat(live.statusCode()).isEqualTo(503);
            assertThat(live.body()).contains("ferry-server-io event loop 0 did not run a task");
            // Meanwhile probes keep being answered, one after another on the endpoint's own thread, each after the
            // one-second check of the wedged loop; readiness does not depend on the IO loops.
            List<CompletableFuture<HttpResponse<String>>> probes = new ArrayList<>();
            for (String path : List.of("/health/ready", "/health/live", "/health/ready")) {
                probes.add(http.sendAsync(probe(wedged, "GET", path), HttpResponse.BodyHandlers.ofString()));
            }
            assertThat(probes.get(0).get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(probes.get(1).get(10, TimeUnit.SECONDS).body())
                    .contains("ferry-server-io event loop 0 did not run a task");
            assertThat(probes.get(2).get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            // All answered while the loop was still wedged, not once the held call let it go.
            assertThat(held.get(0)).as("the call wedging the loop").isNotDone();
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
        // The held call must outlast the steps below on a loaded machine, not the client's default 3 s timeout.
        try (RpcClient client = RpcClient.builder()
                .defaultPolicy(CallPolicy.builder().timeout(Duration.ofSeconds(30)).retries(0).build()).build()) {
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

    private static Socket connect(RpcServer server) throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), server.healthPort());
    }

    /**
     * Sends {@code request} in one write on a new connection and returns all the endpoint sends; asserts that the
     * endpoint ends the connection right after its answer, not at the 2 s read timeout.
     */
    private static String exchange(RpcServer server, String request) throws IOException {
        try (Socket socket = connect(server)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            int first = in.read();
            assertThat(first).as("the first byte answering %s", request).isNotEqualTo(-1);
            // Timed from the answer's first byte, so that a slow connect or a pause before the answer does not count:
            // the end follows the answer at once, or about 2 s later if the endpoint waited for its read timeout.
            long answered = System.nanoTime();
            byte[] rest = in.readAllBytes();
            assertThat(Duration.ofNanos(System.nanoTime() - answered)).as(request).isLessThan(Duration.ofMillis(1500));
            byte[] answer = new byte[rest.length + 1];
            answer[0] = (byte) first;
            System.arraycopy(rest, 0, answer, 1, rest.length);
            return new String(answer, StandardCharsets.UTF_8);
        }
    }

    /**
     * Asserts that the endpoint has not closed {@code socket} yet (nor sent anything): a read finds nothing within
     * a moment instead of the end of the stream.
     */
    private static void assertStillOpen(Socket socket, String what) throws IOException {
        socket.setSoTimeout(50);
        assertThatThrownBy(() -> socket.getInputStream().read()).as("%s still open", what)
                .isInstanceOf(SocketTimeoutException.class);
    }

    private static String withHeaderLines(String requestLine, int headerLines) {
        StringBuilder request = new StringBuilder(requestLine).append("\r\n");
        for (int i = 0; i < headerLines; i++) {
            request.append("X-Header-").append(i).append(": ").append(i).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    @Test
    void stalledClientsHoldNoProbeUpAndAreClosedAfterTheReadTimeout() throws Exception {
        HeldGate gate = new HeldGate();
        gate.open();
        try (RpcServer server = server(gate, b -> b)) {
            assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
            // Taken before connecting, so that it precedes the moment the endpoint starts each read timeout.
            long connecting = System.nanoTime();
            try (Socket halfLine = connect(server); Socket silent = connect(server)) {
                halfLine.getOutputStream().write("GET /health/li".getBytes(StandardCharsets.US_ASCII));
                halfLine.getOutputStream().flush();
                for (int i = 0; i < 20; i++) {
                    long start = System.nanoTime();
                    HttpResponse<String> probe = get(server, i % 2 == 0 ? "/health/live" : "/health/ready");
                    assertThat(probe.statusCode()).isEqualTo(200);
                    assertThat(probe.body()).isEqualTo("{\"status\":\"UP\"}");
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
                }
                // All answered while both connections were still stalled: no probe waited for their 2 s read timeout
                // (which would have closed them first).
                assertStillOpen(halfLine, "the connection that sent half a line");
                assertStillOpen(silent, "the connection that sent nothing");
                for (Socket stalled : List.of(halfLine, silent)) {
                    stalled.setSoTimeout(10_000);
                    assertThat(stalled.getInputStream().read()).as("closed by the endpoint").isEqualTo(-1);
                    // At the read timeout, not before it.
                    assertThat(Duration.ofNanos(System.nanoTime() - connecting))
                            .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
                }
            }
        }
    }

    @Test
    void malformedOversizedAndOtherRequestsGetTheirStatusAndTheConnectionEnds() throws Exception {
        HeldGate gate = new HeldGate();
        gate.open();
        try (RpcServer server = server(gate, b -> b)) {
            assertThat(exchange(server, "GET /health/ready HTTP/1.0\n\n")).as("HTTP/1.0, bare LF line ends")
                    .isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n"
                            + "Cache-Control: no-store\r\nConnection: close\r\n\r\n{\"status\":\"UP\"}");
            assertThat(exchange(server, "HEAD /health/ready HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n"
                            + "Cache-Control: no-store\r\nConnection: close\r\n\r\n");
            server.offline();
            assertThat(exchange(server, "HEAD /health/ready HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 503 ")
                    .endsWith("\r\n\r\n");
            server.online();

            String tooLong = exchange(server, "GET /health/live?" + "a".repeat(4096) + " HTTP/1.1\r\n\r\n");
            assertThat(tooLong).startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n")
                    .endsWith("{\"status\":\"REQUEST_HEADER_FIELDS_TOO_LARGE\"}");
            assertThat(exchange(server, "GET /health/live HTTP/1.1\r\nX-Long: " + "b".repeat(4096) + "\r\n\r\n"))
                    .startsWith("HTTP/1.1 431 ");
            assertThat(exchange(server, withHeaderLines("GET /health/live HTTP/1.1", 64)))
                    .startsWith("HTTP/1.1 200 OK\r\n");
            assertThat(exchange(server, withHeaderLines("GET /health/live HTTP/1.1", 65)))
                    .startsWith("HTTP/1.1 431 ");

            assertThat(exchange(server, "BLAH\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request\r\n")
                    .endsWith("{\"status\":\"BAD_REQUEST\"}");
            for (String line : List.of("GET /health/live", "GET health/live HTTP/1.1", "GET /health/live HTTP/2.0",
                    "GET  /health/live HTTP/1.1", "G(T /health/live HTTP/1.1", "GET /health/live HTTP/1.1 x")) {
                assertThat(exchange(server, line + "\r\n\r\n")).as(line).startsWith("HTTP/1.1 400 ");
            }
            String post = exchange(server, "POST /health/live HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello");
            assertThat(post).startsWith("HTTP/1.1 405 Method Not Allowed\r\n").contains("\r\nAllow: GET, HEAD\r\n")
                    .endsWith("{\"status\":\"METHOD_NOT_ALLOWED\"}");
            assertThat(exchange(server, "GET /health/nope HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 404 Not Found\r\n");
            // An empty line before the request line is skipped, as RFC 9112 asks.
            assertThat(exchange(server, "\r\nGET /health/live HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 200 OK\r\n");
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAtOnceAndProbesWorkOnceTheFloodIsGone() throws Exception {
        HeldGate gate = new HeldGate();
        gate.open();
        List<Socket> flood = new ArrayList<>();
        try (RpcServer server = server(gate, b -> b)) {
            try {
                // Accepted in the order they connected: the first 64 take every place, and hold it silently.
                for (int i = 0; i < 64; i++) {
                    flood.add(connect(server));
                }
                for (int i = 0; i < 8; i++) {
                    try (Socket extra = connect(server)) {
                        extra.setSoTimeout(10_000);
                        assertThat(extra.getInputStream().read()).isEqualTo(-1);
                    }
                }
                // At once, not at the read timeout of 2 s: the oldest place holder, whose read timeout started
                // before any extra connected, has not reached it yet.
                assertStillOpen(flood.get(0), "the first connection holding a place");
            } finally {
                for (Socket socket : flood) {
                    socket.close();
                }
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(get(server, "/health/live").statusCode()).isEqualTo(200));
            for (int i = 0; i < 5; i++) {
                assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
            }
        }
    }
}
