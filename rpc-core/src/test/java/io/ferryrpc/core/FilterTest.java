package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.ClusterMode;
import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.fixtures.OrderRejectedException;
import io.ferryrpc.core.fixtures.TestService;
import io.ferryrpc.core.fixtures.TestServiceImpl;
import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.spi.Invocation;
import io.ferryrpc.core.testing.Loopback;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Filters on both sides: attachments, order, short-circuits, outcomes, and the threads they run on. */
@Timeout(30)
class FilterTest {

    /** Records what it sees, in order, under a name. */
    static final class Recording implements Filter {
        final String name;
        final int order;
        final Side side;
        final List<String> log;
        final List<Invocation> seen = new CopyOnWriteArrayList<>();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();

        Recording(String name, int order, Side side, List<String> log) {
            this.name = name;
            this.order = order;
            this.side = side;
            this.log = log;
        }

        @Override
        public int order() {
            return order;
        }

        @Override
        public boolean appliesTo(Side s) {
            return s == side;
        }

        @Override
        public CompletionStage<Object> filter(Invocation invocation, Chain next) {
            log.add(name + ">");
            seen.add(invocation);
            return next.proceed(invocation).whenComplete((value, error) -> {
                log.add("<" + name + "@" + Thread.currentThread().getName().replaceAll("-\\d+.*", ""));
                if (error != null) {
                    failures.add(error);
                }
            });
        }
    }

    @Test
    void attachmentsTravelAndFiltersRunInOrderAroundTheCall() {
        List<String> log = new CopyOnWriteArrayList<>();
        Recording outer = new Recording("c1", 1, Filter.Side.CONSUMER, log);
        Recording inner = new Recording("c2", 2, Filter.Side.CONSUMER, log);
        Recording provider = new Recording("p", 0, Filter.Side.PROVIDER, log);
        Filter tracer = new Filter() {
            @Override
            public boolean appliesTo(Side side) {
                return side == Side.CONSUMER;
            }

            @Override
            public CompletionStage<Object> filter(Invocation invocation, Chain next) {
                invocation.attachments().put("trace-id", "t-42");
                return next.proceed(invocation);
            }
        };
        try (RpcServer server = Loopback.server(TestService.class, new TestServiceImpl(), b -> b.filter(provider));
                RpcClient client = RpcClient.builder().filter(inner, tracer, outer).build()) {
            TestService service = client.proxy(TestService.class, Loopback.address(server));
            assertThat(service.echo("hi")).isEqualTo("hi");

            assertThat(log.subList(0, 2)).containsExactly("c1>", "c2>");
            assertThat(log).contains("p>");
            assertThat(log.get(log.size() - 1)).startsWith("<c1");
            Invocation atProvider = provider.seen.get(0);
            assertThat(atProvider.attachments()).containsEntry("trace-id", "t-42");
            assertThat(atProvider.peer()).startsWith("127.0.0.1:");
            assertThat(atProvider.method()).isEqualTo("echo");
            Invocation atConsumer = outer.seen.get(0);
            assertThat(atConsumer.peer()).isEqualTo(Loopback.address(server));
            assertThat(atConsumer.providerNanos()).isPositive();
            assertThat(atConsumer.signature()).isEqualTo("io.ferryrpc.core.fixtures.TestService:1.0#echo(java.lang.String)");
        }
    }

    @Test
    void aProviderFilterCanRefuseWithACodeAndTheMethodNeverRuns() {
        TestServiceImpl impl = new TestServiceImpl();
        Filter limiter = (invocation, next) -> CompletableFuture.failedFuture(
                new RpcException(RpcException.Code.SERVER_BUSY, "rate limit of 0 calls/s reached"));
        try (RpcServer server = Loopback.server(TestService.class, impl, b -> b.filter(limiter));
                RpcClient client = RpcClient.builder().build()) {
            TestService service = client.proxy(TestService.class, Loopback.address(server));
            assertThatThrownBy(service::touch)
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.code()).isEqualTo(RpcException.Code.SERVER_BUSY))
                    .hasMessageContaining("rate limit");
            assertThat(impl.touches.get()).isZero();
        }
    }

    @Test
    void aConsumerFilterCanAnswerWithoutACall() {
        TestServiceImpl impl = new TestServiceImpl();
        Filter cache = new Filter() {
            @Override
            public boolean appliesTo(Side side) {
                return side == Side.CONSUMER;
            }

            @Override
            public CompletionStage<Object> filter(Invocation invocation, Chain next) {
                return CompletableFuture.completedFuture("cached " + invocation.arguments()[0]);
            }
        };
        try (RpcServer server = Loopback.server(TestService.class, impl, b -> b);
                RpcClient client = RpcClient.builder().filter(cache).build()) {
            assertThat(client.proxy(TestService.class, Loopback.address(server)).echo("x")).isEqualTo("cached x");
            assertThat(client.stats().openConnections()).isZero();
        }
    }

    @Test
    void filtersSeeTheMethodsOwnExceptionsAndFailuresBeneathFailsafe() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Recording consumer = new Recording("c", 0, Filter.Side.CONSUMER, log);
        Recording provider = new Recording("p", 0, Filter.Side.PROVIDER, log);
        try (RpcServer server = Loopback.server(TestService.class, new TestServiceImpl(), b -> b.filter(provider));
                RpcClient client = RpcClient.builder().filter(consumer).build();
                RpcClient failsafe = RpcClient.builder().filter(consumer)
                        .defaultPolicy(CallPolicy.builder().cluster(ClusterMode.FAILSAFE).build()).build()) {
            TestService service = client.proxy(TestService.class, Loopback.address(server));
            assertThatThrownBy(() -> service.failChecked("no")).isExactlyInstanceOf(OrderRejectedException.class);
            assertThat(provider.failures).hasSize(1).first().isInstanceOf(OrderRejectedException.class);
            assertThat(consumer.failures).hasSize(1).first().isInstanceOf(OrderRejectedException.class);

            // Failsafe hides the failure from the caller, not from the filters.
            String dead = "127.0.0.1:1";
            assertThat(failsafe.proxy(TestService.class, dead).echoLong(3)).isZero();
            assertThat(consumer.failures).hasSize(2).last().isInstanceOf(RpcException.class);

            // An asynchronous call's filters complete off the IO threads.
            AtomicReference<String> thread = new AtomicReference<>();
            String value = service.async("a").thenApply(v -> {
                thread.set(Thread.currentThread().getName());
                return v;
            }).get(5, TimeUnit.SECONDS);
            assertThat(value).isEqualTo("async a");
            assertThat(thread.get()).doesNotContain("ferry-client-io");
            assertThat(log).noneMatch(line -> line.contains("ferry-client-io") || line.contains("ferry-server-io"));
        }
    }
}
