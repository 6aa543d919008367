package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.fixtures.TestService;
import io.ferryrpc.core.fixtures.TestServiceImpl;
import io.ferryrpc.core.testing.Loopback;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Export rules, reconnecting after a provider restart, and clients that leave no thread behind. */
@Timeout(60)
class LifecycleTest {

    @Test
    void exportingTheSameServiceTwiceIsRefusedAsACallIdCollision() {
        try (RpcServer server = RpcServer.builder().bindAddress("127.0.0.1").port(0).build()) {
            server.export(TestService.class, new TestServiceImpl());
            assertThatThrownBy(() -> server.export(TestService.class, new TestServiceImpl()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is already taken by")
                    .hasMessageContaining("exported twice");
        }
    }

    @Test
    void interfacesThatCannotBeCalledRemotelyAreRefusedWithTheReason() {
        try (RpcServer server = RpcServer.builder().bindAddress("127.0.0.1").port(0).build()) {
            assertThatThrownBy(() -> server.export(Runnable.class, () -> { }))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not annotated with @RpcService");
        }
    }

    @Test
    void aConsumerReconnectsWhenTheProviderComesBackOnTheSamePort() {
        TestServiceImpl impl = new TestServiceImpl();
        RpcServer first = Loopback.server(TestService.class, impl, b -> b);
        int port = first.port();
        try (RpcClient client = RpcClient.builder().connectTimeout(Duration.ofSeconds(1)).build()) {
            TestService service = client.proxy(TestService.class, "127.0.0.1:" + port);
            assertThat(service.echo("one")).isEqualTo("one");
            first.close();
            assertThatThrownBy(() -> service.echo("gone"))
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.code()).isEqualTo(RpcException.Code.CONNECTION_FAILED));
            try (RpcServer second = Loopback.server(TestService.class, impl, b -> b.port(port))) {
                Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                        .ignoreExceptionsInstanceOf(RpcException.class)
                        .until(() -> "two".equals(service.echo("two")));
                assertThat(client.stats().openConnections()).isEqualTo(1);
            }
        }
    }

    @Test
    void closingAClientFailsPendingCallsAndStopsItsThreads() {
        TestServiceImpl impl = new TestServiceImpl();
        try (RpcServer server = Loopback.server(TestService.class, impl, b -> b)) {
            RpcClient client = RpcClient.builder().build();
            TestService service = client.proxy(TestService.class, Loopback.address(server));
            var pending = service.asyncGated("pending");
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> impl.started.contains("pending"));
            client.close();
            assertThat(pending).failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause()
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.code()).isEqualTo(RpcException.Code.CONNECTION_FAILED));
            assertThatThrownBy(() -> client.proxy(TestService.class, Loopback.address(server)))
                    .isInstanceOf(IllegalStateException.class);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet()
                    .stream().noneMatch(t -> t.getName().startsWith("ferry-client") && t.isAlive()));
            impl.gate.countDown();
        }
    }

    @Test
    void callsStillQueuedWhenTheShutdownTimeoutEndsAreDroppedCleanly() throws Exception {
        TestServiceImpl impl = new TestServiceImpl();
        RpcServer server = Loopback.server(TestService.class, impl, b -> b.executorThreads(1).executorQueueSize(8)
                .shutdownTimeout(Duration.ofMillis(300)));
        try (RpcClient client = RpcClient.builder().build()) {
            TestService service = client.proxy(TestService.class, Loopback.address(server));
            var running = service.asyncGated("running");
            var queued = service.asyncGated("queued");
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().inFlight() == 2);
            server.close();
            assertThat(server.stats().inFlight()).isZero();
            assertThat(impl.started).containsExactly("running");
            // The running call was interrupted; whether its answer leaves before the connection closes is a race
            // that either side may win, but its caller must hear one way or the other, promptly.
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(running::isDone);
            if (!running.isCompletedExceptionally()) {
                assertThat(running.join()).isEqualTo("interrupted");
            }
            assertThat(queued).failsWithin(Duration.ofSeconds(5));
        }
        // The leak detector (NoLeaksExtension) fails this class if the queued call's frame was not released.
    }
}
