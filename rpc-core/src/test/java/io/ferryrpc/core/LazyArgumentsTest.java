package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.fixtures.GuardedService;
import io.ferryrpc.core.fixtures.GuardedServiceImpl;
import io.ferryrpc.core.fixtures.TripwireArgument;
import io.ferryrpc.core.internal.descriptor.CallIds;
import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.spi.Invocation;
import io.ferryrpc.core.testing.Loopback;
import io.ferryrpc.core.testing.RawFrames;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Provider filters get the arguments decoded on demand: once, only when asked, with decoding failures typed. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LazyArgumentsTest {

    private final GuardedServiceImpl impl = new GuardedServiceImpl();
    private final List<Object> seen = new CopyOnWriteArrayList<>();
    private volatile BiFunction<Invocation, Filter.Chain, CompletionStage<Object>> behaviour;
    private RpcServer server;
    private RpcClient client;
    private GuardedService service;

    @BeforeEach
    void start() {
        TripwireArgument.DECODED.set(0);
        Filter filter = new Filter() {
            @Override
            public boolean appliesTo(Side side) {
                return side == Side.PROVIDER;
            }

            @Override
            public CompletionStage<Object> filter(Invocation invocation, Chain next) {
                return behaviour.apply(invocation, next);
            }
        };
        server = Loopback.server(GuardedService.class, impl, b -> b.filter(filter));
        client = RpcClient.builder().build();
        service = client.proxy(GuardedService.class, Loopback.address(server));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void aFilterThatAnswersWithoutLookingLeavesTheArgumentsEncoded() {
        behaviour = (invocation, next) -> {
            seen.add(invocation);
            return CompletableFuture.completedFuture("from filter");
        };
        for (int i = 0; i < 50; i++) {
            assertThat(service.take(new TripwireArgument("x"))).isEqualTo("from filter");
        }
        // Asked for after the call was answered, the arguments are gone: never decoded late.
        assertThat(seen).hasSize(50).allSatisfy(invocation ->
                assertThatThrownBy(((Invocation) invocation)::arguments).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("were not decoded"));
        assertThat(TripwireArgument.DECODED).hasValue(0);
        assertThat(impl.calls).hasValue(0);
    }

    @Test
    void aFilterThatReadsTheArgumentsDecodesThemOnceForItselfAndTheMethod() {
        behaviour = (invocation, next) -> {
            seen.add(((TripwireArgument) invocation.arguments()[0]).value());
            return next.proceed(invocation);
        };
        assertThat(service.take(new TripwireArgument("once"))).isEqualTo("once");
        assertThat(seen).containsExactly("once");
        assertThat(TripwireArgument.DECODED).hasValue(1);
        assertThat(impl.calls).hasValue(1);
    }

    @Test
    void argumentsThatCannotBeDecodedFailTheFilterAndTheCallWithSerialization() throws Exception {
        behaviour = (invocation, next) -> {
            try {
                invocation.arguments();
            } catch (RpcException e) {
                seen.add(e.code());
            }
            return next.proceed(invocation);
        };
        int callId = CallIds.of(CallIds.signature(GuardedService.class.getName(), "1.0",
                GuardedService.class.getMethod("take", TripwireArgument.class)));
        byte[] garbage = {0x0b, 0x0a, 0x7f, 1, 0x0c};
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(RawFrames.request((byte) 1, 7, callId, 5000, Map.of(), garbage));
            RawFrames.Response response = RawFrames.readResponse(socket.getInputStream());
            assertThat(response.status()).isEqualTo(RpcException.Code.SERIALIZATION.wireValue());
            assertThat(response.message()).contains("take");
        }
        assertThat(seen).containsExactly(RpcException.Code.SERIALIZATION);
        assertThat(impl.calls).hasValue(0);
    }
}
