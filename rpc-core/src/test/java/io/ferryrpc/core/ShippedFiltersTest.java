package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.filter.AccessLogFilter;
import io.ferryrpc.core.filter.MethodLimitFilter;
import io.ferryrpc.core.fixtures.SlowService;
import io.ferryrpc.core.fixtures.SlowServiceImpl;
import io.ferryrpc.core.fixtures.TestService;
import io.ferryrpc.core.fixtures.TestServiceImpl;
import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.testing.CapturedStderr;
import io.ferryrpc.core.testing.Loopback;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The filters Ferry ships: the access log and the per-method concurrency and rate limits. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShippedFiltersTest {

    private static final CallPolicy NO_RETRIES = CallPolicy.builder().retries(0).build();

    @Test
    void theConcurrencyLimitRefusesTheExcessOfOneMethodOnlyAndFreesItsSlots() throws Exception {
        SlowServiceImpl impl = new SlowServiceImpl();
        MethodLimitFilter limit = MethodLimitFilter.builder().maxConcurrent(SlowService.class, "block", 2).build();
        ExecutorService callers = Executors.newFixedThreadPool(5);
        try (RpcServer server = Loopback.server(SlowService.class, impl, b -> b.filter(limit));
                RpcClient client = RpcClient.builder().defaultPolicy(NO_RETRIES).build()) {
            SlowService slow = client.proxy(SlowService.class, Loopback.address(server));
            List<Future<String>> first = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String value = "in-" + i;
                first.add(callers.submit(() -> slow.block(value)));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> impl.started.size() == 2);
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> slow.block("over"))
                        .isInstanceOfSatisfying(RpcException.class,
                                e -> assertThat(e.code()).isEqualTo(RpcException.Code.SERVER_BUSY))
                        .hasMessageContaining("#block refused: more than 2 calls at once");
            }
            // Another method of the same service has no limit.
            assertThat(slow.echo("free")).isEqualTo("free");
            assertThat(impl.started).containsExactlyInAnyOrder("in-0", "in-1");
            impl.gate.countDown();
            for (Future<String> f : first) {
                assertThat(f.get()).startsWith("in-");
            }
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> limit.running(SlowService.class, "block") == 0);
            assertThat(slow.block("after")).isEqualTo("after");
            assertThat(limit.rejected()).isEqualTo(3);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void theRateLimitLetsABurstThroughThenRefuses() {
        MethodLimitFilter limit = MethodLimitFilter.builder().maxPerSecond(20).build();
        TestServiceImpl impl = new TestServiceImpl();
        try (RpcServer server = Loopback.server(TestService.class, impl, b -> b.filter(limit));
                RpcClient client = RpcClient.builder().defaultPolicy(NO_RETRIES).build()) {
            TestService service = client.proxy(TestService.class, Loopback.address(server));
            int ok = 0;
            int busy = 0;
            // 60 calls as fast as they go: a second's worth (20) passes at once, then about one per 50 ms.
            for (int i = 0; i < 60; i++) {
                try {
                    service.echo("x");
                    ok++;
                } catch (RpcException e) {
                    assertThat(e.code()).isEqualTo(RpcException.Code.SERVER_BUSY);
                    assertThat(e.getMessage()).contains("more than 20 calls per second");
                    busy++;
                }
            }
            assertThat(ok).isBetween(20, 59);
            assertThat(busy).isEqualTo(60 - ok).isPositive();
            assertThat(limit.rejected()).isEqualTo(busy);
            // The bucket refills: a call conforms again after at most one interval.
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(60)).ignoreExceptions()
                    .until(() -> service.echo("later").equals("later"));
        }
    }

    @Test
    void aConsumerSideLimitKeepsTheCallFromLeaving() throws Exception {
        SlowServiceImpl impl = new SlowServiceImpl();
        MethodLimitFilter limit = MethodLimitFilter.builder().side(Filter.Side.CONSUMER)
                .maxConcurrent(SlowService.class, "blockAsync", 1).build();
        try (RpcServer server = Loopback.server(SlowService.class, impl, b -> b);
                RpcClient client = RpcClient.builder().filter(limit).build()) {
            SlowService slow = client.proxy(SlowService.class, Loopback.address(server));
            CompletableFuture<String> first = slow.blockAsync("one");
            CompletableFuture<String> second = slow.blockAsync("two");
            assertThat(second).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(Exception.class)
                    .withCauseInstanceOf(RpcException.class)
                    .withMessageContaining("limit set on the consumer");
            impl.gate.countDown();
            assertThat(first.get()).isEqualTo("one");
            assertThat(impl.started).containsExactly("one");
        }
    }

    @Test
    void theAccessLogWritesOneLinePerCallOnEachSideWithoutArguments() {
        AccessLogFilter access = new AccessLogFilter();
        String log;
        try (CapturedStderr stderr = new CapturedStderr();
                RpcServer server = Loopback.server(TestService.class, new TestServiceImpl(),
                        b -> b.filter(access).applicationName("shop-provider"));
                RpcClient client = RpcClient.builder().filter(access).applicationName("shop-consumer").build()) {
            TestService service = client.proxy(TestService.class, Loopback.address(server));
            assertThat(service.echo("secret-argument")).isEqualTo("secret-argument");
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stderr.text().lines()
                    .filter(l -> l.contains(AccessLogFilter.LOGGER)).count() == 2);
            log = stderr.text();
        }
        List<String> lines = log.lines().filter(l -> l.contains(AccessLogFilter.LOGGER)).toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("PROVIDER " + TestService.class.getName()
                + ":1.0/echo peer=127.0.0.1:").contains("app=shop-provider status=OK"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("CONSUMER " + TestService.class.getName()
                + ":1.0/echo peer=127.0.0.1:").contains("app=shop-consumer status=OK"));
        assertThat(log).doesNotContain("secret-argument");
    }
}
