package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.fixtures.hops.Hop;
import io.ferryrpc.core.fixtures.hops.HopImpl;
import io.ferryrpc.core.fixtures.hops.Observation;
import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.spi.Invocation;
import io.ferryrpc.core.testing.Loopback;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attachments and deadlines travelling A -> B -> C: the test is A, and B and C are providers, B calling C through
 * a client of its own. Each test runs with and without consumer filters where the two take different paths.
 */
@Timeout(60)
class RpcContextTest {

    private static final String TRACE = "trace-id";

    /** B and C, and the client A calls B with. */
    private static final class Chain implements AutoCloseable {
        final HopImpl b = new HopImpl();
        final HopImpl c = new HopImpl();
        final RpcServer serverC;
        final RpcServer serverB;
        final RpcClient clientB;
        final RpcClient clientA;
        final Hop a;

        Chain(boolean filtered, int executorThreadsOfB) {
            this(filtered, s -> s.executorThreads(executorThreadsOfB), c -> c);
        }

        Chain(boolean filtered, UnaryOperator<RpcServer.Builder> serverB, UnaryOperator<RpcClient.Builder> clientA) {
            serverC = Loopback.server(Hop.class, c, s -> s);
            clientB = withFilter(RpcClient.builder(), filtered, "b").build();
            b.next = clientB.proxy(Hop.class, Loopback.address(serverC));
            this.serverB = Loopback.server(Hop.class, b, serverB);
            this.clientA = clientA.apply(withFilter(RpcClient.builder(), filtered, "a")).build();
            a = this.clientA.proxy(Hop.class, Loopback.address(this.serverB));
        }

        /** A consumer filter that adds {@code via=<name>} to every call, when {@code filtered}. */
        private static RpcClient.Builder withFilter(RpcClient.Builder builder, boolean filtered, String name) {
            if (!filtered) {
                return builder;
            }
            return builder.filter(
                    before(Filter.Side.CONSUMER, invocation -> invocation.attachments().put("via", name)));
        }

        @Override
        public void close() {
            clientA.close();
            serverB.close();
            clientB.close();
            serverC.close();
        }
    }

    /** Returns a filter on {@code side} that runs {@code action} on each invocation, then lets the call proceed. */
    private static Filter before(Filter.Side side, Consumer<Invocation> action) {
        return new Filter() {
            @Override
            public boolean appliesTo(Side s) {
                return s == side;
            }

            @Override
            public CompletionStage<Object> filter(Invocation invocation, Chain next) {
                action.accept(invocation);
                return next.proceed(invocation);
            }
        };
    }

    private static RpcContext traced(String id) {
        return RpcContext.current().withAttachment(TRACE, id);
    }

    @ParameterizedTest(name = "filtered={0}")
    @ValueSource(booleans = {false, true})
    void aTraceIdSetOnAReachesBAndCThroughSyncCalls(boolean filtered) throws Exception {
        try (Chain chain = new Chain(filtered, 4)) {
            String answer = traced("t-sync").call(() -> chain.a.sync("x"));

            assertThat(answer).isEqualTo("x>x");
            assertThat(chain.b.seen).singleElement()
                    .satisfies(o -> assertThat(o.attachments()).containsEntry(TRACE, "t-sync"));
            assertThat(chain.c.seen).singleElement()
                    .satisfies(o -> assertThat(o.attachments()).containsEntry(TRACE, "t-sync"));
            if (filtered) {
                // What a filter on B's consumer side adds joins what B received.
                assertThat(chain.b.seen.get(0).attachments()).containsEntry("via", "a");
                assertThat(chain.c.seen.get(0).attachments()).containsEntry("via", "b");
            }
            assertThat(RpcContext.current().attachments()).as("the caller's context after the call").isEmpty();
        }
    }

    @ParameterizedTest(name = "filtered={0}")
    @ValueSource(booleans = {false, true})
    void asyncContinuationsOnBothSidesCarryTheContext(boolean filtered) throws Exception {
        try (Chain chain = new Chain(filtered, 4)) {
            // On A, the second call is made in a continuation of the first, on a consumer callback thread; on B,
            // each call to C is followed by a second from a continuation (see HopImpl.async).
            String answer = traced("t-async").call(() -> chain.a.async("x")
                    .thenCompose(first -> chain.a.async("y").thenApply(second -> first + "|" + second)))
                    .get(20, TimeUnit.SECONDS);

            assertThat(answer).isEqualTo("x-1,x-2|y-1,y-2");
            assertThat(chain.b.seen).extracting(Observation::step).containsExactly("x", "y");
            assertThat(chain.c.seen).extracting(Observation::step)
                    .containsExactlyInAnyOrder("x-1", "x-2", "y-1", "y-2");
            for (Observation o : concat(chain.b.seen, chain.c.seen)) {
                assertThat(o.attachments()).as(o.step()).containsEntry(TRACE, "t-async");
                assertThat(o.remainingMillis()).as(o.step()).isPositive();
            }
        }
    }

    @Test
    void onewayCallsCarryTheContextToo() {
        try (Chain chain = new Chain(false, 4)) {
            traced("t-oneway").run(() -> chain.a.oneway("x"));

            await().atMost(Duration.ofSeconds(10)).until(() -> chain.c.seen.size() == 1);
            assertThat(chain.b.seen.get(0).attachments()).containsEntry(TRACE, "t-oneway");
            assertThat(chain.c.seen.get(0).attachments()).containsEntry(TRACE, "t-oneway");
            // Nobody waits for a one-way call's end: its queueing timeout is no deadline for what it does.
            assertThat(chain.b.seen.get(0).remainingMillis()).as("deadline at B").isEqualTo(-1);
        }
    }

    @ParameterizedTest(name = "filtered={0}")
    @ValueSource(booleans = {false, true})
    void eachHopGetsAtMostWhatIsLeftOfTheFirstCallersDeadline(boolean filtered) throws Exception {
        try (Chain chain = new Chain(filtered, 4)) {
            chain.b.workBeforeNext = Duration.ofMillis(400);
            long start = System.nanoTime();
            RpcContext.empty().withDeadlineAfter(Duration.ofMillis(3_000)).call(() -> chain.a.sync("x"));
            long elapsedAtEnd = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            // Hop's methods allow 10 s each: only the inherited deadline can explain less.
            long leftAtB = chain.b.seen.get(0).remainingMillis();
            long leftAtC = chain.c.seen.get(0).remainingMillis();
            assertThat(leftAtB).isBetween(3_000L - elapsedAtEnd, 3_000L);
            assertThat(leftAtC).isPositive().isLessThanOrEqualTo(leftAtB - 400);
        }
    }

    @Test
    void withoutAContextDeadlineTheMethodsTimeoutIsTheDeadlineBTellsC() {
        try (Chain chain = new Chain(false, 4)) {
            chain.a.sync("x");

            long leftAtB = chain.b.seen.get(0).remainingMillis();
            assertThat(leftAtB).isBetween(5_000L, 10_000L);
            assertThat(chain.c.seen.get(0).remainingMillis()).isBetween(1L, leftAtB);
        }
    }

    @ParameterizedTest(name = "filtered={0}")
    @ValueSource(booleans = {false, true})
    void aCallWhoseInheritedDeadlineHasPassedIsNotSent(boolean filtered) {
        try (Chain chain = new Chain(filtered, 4)) {
            chain.b.workBeforeNext = Duration.ofMillis(700);

            assertThatThrownBy(() -> RpcContext.empty().withDeadlineAfter(Duration.ofMillis(300))
                    .call(() -> chain.a.sync("x")))
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.code()).isEqualTo(RpcException.Code.TIMEOUT));

            await().atMost(Duration.ofSeconds(10)).until(() -> chain.b.nextFailures.size() == 1);
            assertThat(chain.b.nextFailures.get(0)).isInstanceOfSatisfying(RpcException.class, e -> {
                assertThat(e.code()).isEqualTo(RpcException.Code.TIMEOUT);
                assertThat(e).hasMessageContaining("deadline of the calling context passed");
            });
            assertThat(chain.c.seen).as("calls that reached C").isEmpty();
        }
    }

    @Test
    void aProvidersThreadKeepsNoContextFromTheCallBefore() throws Exception {
        // One executor thread on B, and a provider filter, which runs on it before Ferry sets the call's context:
        // what the filter sees there is what the call before left behind.
        List<RpcContext> leftOnTheThread = new CopyOnWriteArrayList<>();
        Filter peek = before(Filter.Side.PROVIDER, invocation -> leftOnTheThread.add(RpcContext.current()));
        try (Chain chain = new Chain(false, s -> s.executorThreads(1).filter(peek), c -> c)) {
            traced("t-first").call(() -> chain.a.sync("first"));
            chain.a.sync("second");

            assertThat(leftOnTheThread).hasSize(2).allSatisfy(left -> assertThat(left).isSameAs(RpcContext.empty()));
            assertThat(chain.b.seen.get(1).attachments()).doesNotContainKey(TRACE);
            assertThat(chain.c.seen.get(1).attachments()).doesNotContainKey(TRACE);
        }
    }

    @Test
    void theConsumersCallbackThreadKeepsNoContextFromTheCallBefore() throws Exception {
        // One callback thread on A: the second call's continuation runs where the first one's context was set.
        try (Chain chain = new Chain(false, s -> s, c -> c.callbackThreads(1))) {
            traced("t-first").supply(() -> chain.a.async("first")).get(20, TimeUnit.SECONDS);
            AtomicReference<RpcContext> inContinuation = new AtomicReference<>();
            chain.a.async("second").thenAccept(answer -> inContinuation.set(RpcContext.current()))
                    .get(20, TimeUnit.SECONDS);

            assertThat(inContinuation.get()).isSameAs(RpcContext.empty());
        }
    }

    @Test
    void theDeadlineIsCountedFromWhenTheCallLeavesAfterSlowConsumerFilters() throws Exception {
        Filter slow = before(Filter.Side.CONSUMER, invocation -> {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
            while (System.nanoTime() < end) {
                java.util.concurrent.locks.LockSupport.parkNanos(end - System.nanoTime());
            }
        });
        try (Chain chain = new Chain(false, s -> s, c -> c.filter(slow))) {
            RpcContext.empty().withDeadlineAfter(Duration.ofMillis(2_000)).call(() -> chain.a.sync("x"));

            assertThat(chain.b.seen.get(0).remainingMillis()).as("left at B after A's filter took 400 ms")
                    .isPositive().isLessThanOrEqualTo(1_600L);
        }
    }

    @Test
    void aProviderNeverSeesCredentialSecretsInItsContext() throws Exception {
        // B checks no credentials, A sends some: B's code must still not find the token in its context.
        try (Chain chain = new Chain(false, s -> s, c -> c.credentials(Credentials.token("orders", "s3cret")))) {
            traced("t-cred").call(() -> chain.a.sync("x"));

            assertThat(chain.b.seen.get(0).attachments()).containsEntry(TRACE, "t-cred")
                    .doesNotContainKeys("ferry-token", "ferry-sig", "ferry-nonce", "ferry-ts");
        }
    }

    @Test
    void attachmentsAProviderFilterBrokeFailTheCallWithInternalAndTheMethodNeverRuns() {
        Filter breaking = before(Filter.Side.PROVIDER, invocation -> invocation.attachments().put("broken", null));
        try (Chain chain = new Chain(false, s -> s.filter(breaking), c -> c)) {
            assertThatThrownBy(() -> chain.a.sync("x")).isInstanceOfSatisfying(RpcException.class, e -> {
                assertThat(e.code()).isEqualTo(RpcException.Code.INTERNAL);
                assertThat(e).hasMessageContaining("cannot form its context");
            });
            assertThat(chain.b.seen).isEmpty();
        }
    }

    @Test
    void keysReservedForCredentialsNeverLeaveFromAContext() throws Exception {
        try (Chain chain = new Chain(false, 4)) {
            RpcContext.empty().withAttachment("ferry-token", "someone-elses").withAttachment(TRACE, "t-r")
                    .call(() -> chain.a.sync("x"));

            assertThat(chain.b.seen.get(0).attachments()).containsEntry(TRACE, "t-r").doesNotContainKey("ferry-token");
        }
    }

    @Test
    void attachmentLimitsAreCheckedWhenSet() {
        RpcContext empty = RpcContext.empty();
        assertThatThrownBy(() -> empty.withAttachment("k", "v".repeat(4097)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4097 bytes");
        assertThatThrownBy(() -> empty.withAttachment("k".repeat(257), "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("257 bytes");
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 65; i++) {
            many.put("k" + i, "v");
        }
        assertThatThrownBy(() -> empty.withAttachments(many))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65");
        Map<String, String> large = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            large.put("k" + i, "v".repeat(4000));
        }
        assertThatThrownBy(() -> empty.withAttachments(large))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16384");
        assertThatThrownBy(() -> empty.withAttachment("k", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> empty.withDeadlineAfter(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        // Multi-byte characters count as their UTF-8 bytes: 2,000 of them are 6,000 bytes.
        assertThatThrownBy(() -> empty.withAttachment("k", "\u20ac".repeat(2_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6000 bytes");
    }

    @Test
    void aDeadlineCanBeShortenedButNeverExtended() {
        RpcContext shorter = RpcContext.empty().withDeadlineAfter(Duration.ofSeconds(1));
        RpcContext attempt = shorter.withDeadlineAfter(Duration.ofHours(1));

        assertThat(attempt.remaining()).get().matches(d -> d.compareTo(Duration.ofSeconds(1)) <= 0);
        assertThat(shorter.withDeadlineAfter(Duration.ofMillis(10)).remainingNanos())
                .isLessThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(10));
        assertThat(RpcContext.empty().hasDeadline()).isFalse();
        assertThat(RpcContext.empty().remaining()).isEmpty();
    }

    @Test
    void scopesRestoreWhatWasCurrentAndWrapCarriesTheContextToAnotherThread() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            RpcContext outer = traced("outer");
            try (RpcContext.Scope ignored = outer.attach()) {
                traced("inner").run(() -> assertThat(RpcContext.current().attachment(TRACE)).contains("inner"));
                assertThat(RpcContext.current()).isSameAs(outer);

                AtomicReference<RpcContext> onOtherThread = new AtomicReference<>();
                RpcContext.current().wrap(executor).execute(() -> onOtherThread.set(RpcContext.current()));
                executor.submit(() -> { }).get(5, TimeUnit.SECONDS);
                assertThat(onOtherThread.get()).isSameAs(outer);

                // The executor's thread is left as it was found.
                assertThat(executor.submit(RpcContext::current).get(5, TimeUnit.SECONDS)).isSameAs(RpcContext.empty());
            }
            assertThat(RpcContext.current()).isSameAs(RpcContext.empty());
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static List<Observation> concat(List<Observation> first, List<Observation> second) {
        List<Observation> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
