package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.fixtures.SlowService;
import io.ferryrpc.core.fixtures.SlowServiceImpl;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A full provider executor refuses at once; close() drains in-flight calls and frees every thread and the port. */
@Timeout(40)
class BackpressureAndShutdownTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final SlowServiceImpl impl = new SlowServiceImpl();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        impl.gate.countDown();
        impl.release.countDown();
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private RpcServer server(int threads, int queue) {
        RpcServer server = RpcServer.builder().bindAddress("127.0.0.1").host("127.0.0.1").port(0)
                .executorThreads(threads).executorQueueSize(queue).shutdownTimeout(Duration.ofSeconds(10)).build();
        toClose.add(server);
        server.export(SlowService.class, impl);
        return server.start();
    }

    private SlowService proxy(RpcServer server) {
        // No retries: a refused call is reported as it is, and counted once by the provider.
        RpcClient client = RpcClient.builder().defaultPolicy(CallPolicy.builder().retries(0).build()).build();
        toClose.add(client);
        return client.proxy(SlowService.class, "127.0.0.1:" + server.port());
    }

    @Test
    void aFullExecutorRefusesWithServerBusyAtOnce() throws Exception {
        RpcServer server = server(1, 1);
        SlowService service = proxy(server);
        CompletableFuture<String> running = service.blockAsync("running");
        Awaitility.await().atMost(WAIT).until(() -> impl.started.contains("running"));
        CompletableFuture<String> queued = service.blockAsync("queued");
        Awaitility.await().atMost(WAIT).until(() -> server.stats().inFlight() == 2);

        // block() has a 15 s timeout: a refusal must come back long before that.
        long begin = System.nanoTime();
        Throwable thrown = catchThrowable(() -> service.block("third"));
        Duration took = Duration.ofNanos(System.nanoTime() - begin);

        assertThat(thrown).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcException.Code.SERVER_BUSY));
        assertThat(took).isLessThan(Duration.ofSeconds(1));
        assertThat(server.stats().rejected()).isEqualTo(1);
        assertThat(RpcException.Code.SERVER_BUSY.neverProcessed()).isTrue();

        impl.gate.countDown();
        assertThat(running.get(5, TimeUnit.SECONDS)).isEqualTo("running");
        assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("queued");
        assertThat(impl.started).containsExactly("running", "queued");
        // With room again, calls are accepted.
        assertThat(service.echo("room")).isEqualTo("room");
    }

    @Test
    void closeLetsInFlightCallsFinishThenFreesEveryThreadAndThePort() throws Exception {
        RpcServer server = server(4, 16);
        int port = server.port();
        SlowService service = proxy(server);
        SlowService otherClient = proxy(server);
        List<CompletableFuture<String>> inFlight = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inFlight.add(service.blockAsync("call-" + i));
        }
        inFlight.add(otherClient.blockAsync("other"));
        Awaitility.await().atMost(WAIT).until(() -> impl.started.size() == 4);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        // GOAWAY arrives: new calls fail at once instead of reaching the closing provider's methods.
        Awaitility.await().atMost(WAIT).untilAsserted(() ->
                assertThat(catchThrowable(() -> service.echo("new"))).isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.code()).isIn(RpcException.Code.CONNECTION_FAILED,
                                RpcException.Code.SERVER_BUSY)));
        assertThat(closing).as("close() waits for the in-flight calls").isNotDone();
        assertThat(inFlight).noneMatch(CompletableFuture::isDone);

        impl.gate.countDown();
        for (CompletableFuture<String> call : inFlight) {
            assertThat(call.get(10, TimeUnit.SECONDS)).isIn("call-0", "call-1", "call-2", "other");
        }
        closing.get(15, TimeUnit.SECONDS);
        assertThat(impl.interrupted).isEmpty();
        assertThat(impl.started).hasSize(4);

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                        .noneMatch(name -> name.startsWith("ferry-server")));
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress("127.0.0.1", port));
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
        // A closed server stays closed; closing again is harmless.
        server.close();
        assertThat(catchThrowable(() -> otherClient.echo("after close"))).isInstanceOf(RpcException.class);
    }
}
