package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.fixtures.OrderRejectedException;
import io.ferryrpc.core.fixtures.TestService;
import io.ferryrpc.core.fixtures.TestServiceImpl;
import io.ferryrpc.core.testing.Loopback;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Provider exceptions, timeouts, cancellation, a full executor and shutdown with calls in flight. */
@Timeout(60)
class FailureTest {

    private final TestServiceImpl impl = new TestServiceImpl();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        impl.gate.countDown();
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private RpcServer server(java.util.function.UnaryOperator<RpcServer.Builder> customize) {
        RpcServer server = Loopback.server(TestService.class, impl, customize);
        closeables.add(server);
        return server;
    }

    private TestService proxy(RpcServer server) {
        RpcClient client = RpcClient.builder().build();
        closeables.add(client);
        return client.proxy(TestService.class, Loopback.address(server));
    }

    private RpcClient lastClient() {
        return (RpcClient) closeables.get(closeables.size() - 1);
    }

    private static RpcException.Code codeOf(Throwable t) {
        return ((RpcException) t).code();
    }

    @Test
    void providerExceptionsComeBackAsTheirOwnTypesWhenAllowed() {
        TestService service = proxy(server(b -> b));
        assertThatThrownBy(() -> service.failChecked("no stock"))
                .isExactlyInstanceOf(OrderRejectedException.class)
                .hasMessage("no stock")
                .cause().hasMessageContaining("remote stack trace").hasMessageContaining("TestServiceImpl.failChecked");
        assertThatThrownBy(() -> service.failUnchecked("bad state"))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("bad state");
        assertThatThrownBy(() -> service.failUndeclared("secret"))
                .isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.code()).isEqualTo(RpcException.Code.REMOTE_ERROR))
                .hasMessageContaining("ProviderOnlyException")
                .hasMessageContaining("secret");
    }

    @Test
    void aTimedOutCallFailsOnTimeAndItsLateAnswerIsDroppedAndCounted() {
        RpcServer server = server(b -> b);
        TestService service = proxy(server);
        RpcClient client = lastClient();
        long start = System.nanoTime();
        assertThatThrownBy(() -> service.slow("late"))
                .isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.code()).isEqualTo(RpcException.Code.TIMEOUT))
                .hasMessageContaining("300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(client.stats().pendingCalls()).isZero();
        // A timeout sends a cancel: the provider interrupts the still running method.
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> impl.interrupted.get() == 1);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().lateResponses() == 1);
        assertThat(service.echo("still fine")).isEqualTo("still fine");
    }

    @Test
    void aCallWhoseDeadlinePassedInTheQueueNeverRuns() throws Exception {
        RpcServer server = server(b -> b.executorThreads(1).executorQueueSize(4));
        TestService service = proxy(server);
        CompletableFuture<String> blocker = service.asyncGated("blocker");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> impl.started.contains("blocker"));
        // Queued behind the blocker; its 300 ms deadline passes before a thread is free.
        assertThatThrownBy(() -> service.slow("queued"))
                .isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.code()).isEqualTo(RpcException.Code.TIMEOUT));
        impl.gate.countDown();
        assertThat(blocker.get(5, TimeUnit.SECONDS)).isEqualTo("blocker");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                server.stats().expiredBeforeRun() + server.stats().cancelledBeforeRun() == 1);
        assertThat(impl.started).containsExactly("blocker");
    }

    @Test
    void cancellingAnAsyncCallStopsItOnTheProvider() throws Exception {
        RpcServer server = server(b -> b.executorThreads(1).executorQueueSize(4));
        TestService service = proxy(server);
        CompletableFuture<String> running = service.asyncGated("running");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> impl.started.contains("running"));
        CompletableFuture<String> queued = service.asyncGated("queued");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().inFlight() == 2);

        assertThat(queued.cancel(true)).isTrue();
        assertThat(running.cancel(true)).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> impl.interrupted.get() == 1);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().cancelledBeforeRun() == 1);
        assertThat(impl.started).containsExactly("running");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().inFlight() == 0);
    }

    @Test
    void aFullExecutorAnswersServerBusyAtOnce() throws Exception {
        RpcServer server = server(b -> b.executorThreads(1).executorQueueSize(1));
        TestService service = proxy(server);
        CompletableFuture<String> first = service.asyncGated("first");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> impl.started.contains("first"));
        CompletableFuture<String> second = service.asyncGated("second");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().inFlight() == 2);

        long start = System.nanoTime();
        ExecutionException busy = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> service.asyncGated("third").get(5, TimeUnit.SECONDS));
        assertThat(codeOf(busy.getCause())).isEqualTo(RpcException.Code.SERVER_BUSY);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(server.stats().rejected()).isEqualTo(1);

        impl.gate.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("second");
        assertThat(impl.started).doesNotContain("third");
    }

    @Test
    void closeLetsInFlightCallsFinishThenFreesThreadsAndPort() throws Exception {
        RpcServer server = Loopback.server(TestService.class, impl, b -> b.shutdownTimeout(Duration.ofSeconds(10)));
        int port = server.port();
        TestService service = proxy(server);
        List<CompletableFuture<String>> inFlight = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inFlight.add(service.asyncGated("call-" + i));
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> impl.started.size() == 3);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        // The consumer hears GOAWAY and stops sending new calls to this provider.
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThatThrownBy(() -> service.echo("new")).isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.code()).isIn(RpcException.Code.CONNECTION_FAILED,
                                RpcException.Code.SERVER_BUSY)));
        assertThat(closing).isNotDone();
        impl.gate.countDown();
        for (CompletableFuture<String> call : inFlight) {
            assertThat(call.get(10, TimeUnit.SECONDS)).startsWith("call-");
        }
        closing.get(15, TimeUnit.SECONDS);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("ferry-server")));
        try (java.net.ServerSocket again = new java.net.ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }
}
