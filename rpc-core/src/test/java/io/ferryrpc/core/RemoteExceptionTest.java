package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.fixtures.ExceptionService;
import io.ferryrpc.core.fixtures.ExceptionServiceImpl;
import io.ferryrpc.core.fixtures.OrderRejectedException;
import io.ferryrpc.core.fixtures.ServiceFailureException;
import io.ferryrpc.core.fixtures.UndeclaredCheckedException;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Exceptions thrown by a provider's method: re-thrown as their own type where allowed, else REMOTE_ERROR. */
@Timeout(30)
class RemoteExceptionTest {

    private RpcServer server;
    private RpcClient client;
    private ExceptionService service;

    @BeforeEach
    void start() {
        server = RpcServer.builder().bindAddress("127.0.0.1").host("127.0.0.1").port(0).build();
        server.export(ExceptionService.class, new ExceptionServiceImpl());
        server.start();
        client = RpcClient.builder().build();
        service = client.proxy(ExceptionService.class, "127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    /** Returns the messages of the cause chain of {@code t}, excluding {@code t} itself, joined. */
    private static String causeChainText(Throwable t) {
        StringBuilder text = new StringBuilder();
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            text.append(c.getMessage()).append('\n');
        }
        return text.toString();
    }

    @Test
    void aDeclaredCheckedExceptionIsRethrownAsItselfWithTheRemoteStackTraceAsCause() {
        Throwable thrown = catchThrowable(() -> service.declared("out of stock"));

        assertThat(thrown).isExactlyInstanceOf(OrderRejectedException.class).hasMessage("out of stock");
        assertThat(thrown.getCause()).as("the remote stack trace is the cause").isNotNull();
        assertThat(causeChainText(thrown))
                .contains("remote stack trace")
                .contains(OrderRejectedException.class.getName() + ": out of stock")
                .contains("at " + ExceptionServiceImpl.class.getName() + ".declared(");
        // The exception's own stack trace shows where the caller called the proxy.
        assertThat(thrown.getStackTrace()).isNotEmpty();
        assertThat(client.stats().pendingCalls()).isZero();
    }

    @Test
    void anUncheckedJavaExceptionIsRethrownAsItself() {
        Throwable thrown = catchThrowable(() -> service.unchecked("bad state"));

        assertThat(thrown).isExactlyInstanceOf(IllegalStateException.class).hasMessage("bad state");
        assertThat(causeChainText(thrown))
                .contains("java.lang.IllegalStateException: bad state")
                .contains("at " + ExceptionServiceImpl.class.getName() + ".unchecked(");
    }

    @Test
    void anUndeclaredCheckedExceptionBecomesRemoteErrorNamingItsType() {
        assertThatThrownBy(() -> service.undeclaredChecked("secret reason"))
                .isExactlyInstanceOf(RpcException.class)
                .isNotInstanceOf(UndeclaredCheckedException.class)
                .satisfies(e -> assertThat(((RpcException) e).code()).isEqualTo(RpcException.Code.REMOTE_ERROR))
                .hasMessageContaining(UndeclaredCheckedException.class.getName())
                .hasMessageContaining("secret reason")
                .cause().hasMessageContaining("remote stack trace");
    }

    @Test
    void anExceptionClassOnlyTheProviderHasBecomesRemoteErrorNamingItsType() {
        // The consumer's class loader cannot find the class the provider threw.
        assertThatThrownBy(() -> Class.forName(ExceptionServiceImpl.PROVIDER_ONLY_CLASS, false,
                ExceptionService.class.getClassLoader())).isInstanceOf(ClassNotFoundException.class);

        assertThatThrownBy(() -> service.unknownToConsumer("phantom"))
                .isExactlyInstanceOf(RpcException.class)
                .satisfies(e -> assertThat(((RpcException) e).code()).isEqualTo(RpcException.Code.REMOTE_ERROR))
                .hasMessageContaining(ExceptionServiceImpl.PROVIDER_ONLY_CLASS)
                .hasMessageContaining("phantom")
                .cause().hasMessageContaining("remote stack trace")
                .hasMessageContaining(ExceptionServiceImpl.class.getName() + ".unknownToConsumer(");
    }

    @Test
    void anUndeclaredUncheckedExceptionOnTheConsumersClassPathIsRethrownAsItself() {
        Throwable thrown = catchThrowable(() -> service.serviceUnchecked("service says no"));

        assertThat(thrown).isExactlyInstanceOf(ServiceFailureException.class).hasMessage("service says no");
        assertThat(causeChainText(thrown))
                .contains("at " + ExceptionServiceImpl.class.getName() + ".serviceUnchecked(");
    }

    @Test
    void aFailedCallLeavesTheConnectionUsable() {
        for (int i = 0; i < 20; i++) {
            String message = "m" + i;
            assertThatThrownBy(() -> service.declared(message)).hasMessage(message);
        }
        assertThat(client.stats().pendingCalls()).isZero();
        assertThat(client.stats().openConnections()).isEqualTo(1);
        // The provider counts a call finished just after writing its answer, so allow it a moment.
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().inFlight() == 0);
        assertThatThrownBy(() -> service.unchecked("last")).isExactlyInstanceOf(IllegalStateException.class);
    }
}
