package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.core.fixtures.Order;
import io.ferryrpc.core.fixtures.TestService;
import io.ferryrpc.core.fixtures.TestServiceImpl;
import io.ferryrpc.core.testing.Loopback;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RemoteCallTest {

    private final TestServiceImpl impl = new TestServiceImpl();
    private RpcServer server;
    private RpcClient client;
    private TestService service;

    @BeforeEach
    void start() {
        server = Loopback.server(TestService.class, impl, b -> b);
        client = RpcClient.builder().build();
        service = client.proxy(TestService.class, Loopback.address(server));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    static Order sampleOrder() {
        Map<String, BigDecimal> discounts = new LinkedHashMap<>();
        discounts.put("summer", new BigDecimal("1.10"));
        discounts.put("loyalty", new BigDecimal("0.500"));
        return new Order("o-1", Order.Status.PAID,
                List.of(new Order.Line("sku-1", 2, new BigDecimal("9.90")), new Order.Line("sku-2", 1, null)),
                discounts, new LinkedHashSet<>(List.of("b", "a")),
                Instant.ofEpochSecond(1_700_000_000L, 123_456_789),
                ZonedDateTime.of(LocalDateTime.of(2023, 10, 29, 2, 30), ZoneId.of("Europe/Paris"))
                        .withLaterOffsetAtOverlap(),
                new int[] {3, 1, 2});
    }

    @Test
    void aRichValueRoundTripsExactly() {
        Order order = sampleOrder();
        Order back = service.roundTrip(order);
        assertThat(back).isEqualTo(order).isNotSameAs(order);
        assertThat(back.discounts().get("summer").scale()).isEqualTo(2);
        assertThat(back.tags()).containsExactly("b", "a");

        Order empty = new Order("o-2", null, List.of(), Map.of(), Set.of(), null, null, new int[0]);
        Order emptyBack = service.roundTrip(empty);
        assertThat(emptyBack.lines()).isNotNull().isEmpty();
        assertThat(emptyBack.discounts()).isNotNull().isEmpty();
        assertThat(emptyBack).isEqualTo(empty);
    }

    @Test
    void genericParametersNullsAndVoid() {
        List<Order.Line> lines = service.lines(List.of(sampleOrder()), Map.of("sku-2", 7));
        assertThat(lines).extracting(Order.Line::quantity).containsExactly(2, 7);
        assertThat(service.echo(null)).isNull();
        assertThat(service.nothing("x")).isNull();
        service.touch();
        assertThat(impl.touches.get()).isEqualTo(1);
    }

    @Test
    void tenThousandCallsFromSixtyFourThreadsEachGetTheirOwnAnswer() throws Exception {
        int threads = 64;
        int perThread = 10_000 / threads + 1;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long base = (long) t << 32;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < perThread; i++) {
                        long mine = base | i;
                        if (service.echoLong(mine) == mine) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(50, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(threads * perThread).isGreaterThanOrEqualTo(10_000);
        } finally {
            pool.shutdownNow();
        }
        assertThat(client.stats().pendingCalls()).isZero();
        assertThat(client.stats().openConnections()).isEqualTo(1);
    }

    @Test
    void asyncResultsContinueOffTheIoThreads() throws Exception {
        CompletableFuture<String> thread = service.async("x").thenApply(v -> v + "@" + Thread.currentThread().getName());
        String result = thread.get(10, TimeUnit.SECONDS);
        assertThat(result).startsWith("async x@").doesNotContain("ferry-client-io");
    }

    @Test
    void oneWayCallsArriveWithoutAnAnswer() {
        service.fireAndForget("one");
        service.fireAndForget("two");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> impl.oneways.size() == 2);
        assertThat(impl.oneways).containsExactlyInAnyOrder("one", "two");
        assertThat(client.stats().pendingCalls()).isZero();
    }

    @Test
    void objectAndDefaultMethodsRunLocally() {
        assertThat(service.toString()).contains("TestService:1.0");
        assertThat(service).isEqualTo(service);
        assertThat(service.hashCode()).isEqualTo(System.identityHashCode(service));
        assertThat(service.greeting()).isEqualTo("local hi");
    }

    @Test
    void aSyncCallRoundTripsAndLeavesNothingPending() {
        assertThat(service.echo("hello")).isEqualTo("hello");
        assertThat(service.echo("")).isEmpty();
        assertThat(service.echoLong(Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
        assertThat(client.stats().pendingCalls()).isZero();
        assertThat(client.stats().lateResponses()).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().inFlight() == 0);
    }

    @Test
    void nullArgumentNullResultAndVoidMethod() {
        assertThat(service.echo(null)).isNull();
        assertThat(service.nothing(null)).isNull();
        assertThat(service.roundTrip(null)).isNull();
        service.touch();
        service.touch();
        assertThat(impl.touches.get()).isEqualTo(2);
        assertThat(client.stats().pendingCalls()).isZero();
    }

    @Test
    void anAsyncContinuationRegisteredBeforeTheAnswerRunsOffTheIoThreads() throws Exception {
        CompletableFuture<String> call = service.asyncGated("gated");
        CompletableFuture<String> continuation = call.thenApply(v -> v + "@" + Thread.currentThread().getName());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> impl.started.contains("gated"));
        assertThat(call).isNotDone();

        impl.gate.countDown();
        String result = continuation.get(10, TimeUnit.SECONDS);
        String thread = result.substring(result.indexOf('@') + 1);
        assertThat(result).startsWith("gated@");
        assertThat(thread).doesNotStartWith("ferry-client-io").isNotEqualTo(Thread.currentThread().getName());
        assertThat(client.stats().pendingCalls()).isZero();
    }

    @Test
    void objectMethodsOfTheProxyNeverGoRemote() {
        TestService other = client.proxy(TestService.class, Loopback.address(server));
        server.close();
        // With the provider gone, a remote call would fail; these answer locally.
        assertThat(service.toString()).contains("TestService");
        assertThat(service.equals(service)).isTrue();
        assertThat(service.equals(other)).isFalse();
        assertThat(service.hashCode()).isEqualTo(service.hashCode());
        assertThat(impl.touches.get()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.echo("remote"))
                .isInstanceOf(io.ferryrpc.api.RpcException.class);
    }

    @Test
    void pendingCallsReturnToZeroAfterEveryKindOfCall() throws Exception {
        assertThat(service.echo("sync")).isEqualTo("sync");
        assertThat(service.async("a").get(5, TimeUnit.SECONDS)).isEqualTo("async a");
        service.fireAndForget("oneway");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.failUnchecked("boom"))
                .isInstanceOf(IllegalStateException.class);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> impl.oneways.contains("oneway"));
        assertThat(client.stats().pendingCalls()).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().inFlight() == 0);
    }
}
