package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.ClusterMode;
import io.ferryrpc.api.RpcException;
import io.ferryrpc.api.RpcService;
import io.ferryrpc.core.fixtures.CountingProviderMain;
import io.ferryrpc.core.fixtures.CountingService;
import io.ferryrpc.core.fixtures.CountingServiceImpl;
import io.ferryrpc.core.fixtures.TestService;
import io.ferryrpc.core.fixtures.TestServiceImpl;
import io.ferryrpc.core.spi.LoadBalancer;
import io.ferryrpc.core.testing.Loopback;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Fault tolerance modes, routing, shared deadlines and outlier ejection, over real providers. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterTest {

    /** Version 1 of a routed service. */
    @RpcService(name = "routing.Echo", version = "1.0")
    public interface EchoV1 {
        /** Returns the provider's name. */
        String who();
    }

    /** Version 2 of the same service. */
    @RpcService(name = "routing.Echo", version = "2.0")
    public interface EchoV2 {
        /** Returns the provider's name. */
        String who();
    }

    private static int deadPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aKilledProviderNeverMakesANonIdempotentCallRunTwiceAndIdempotentOnesAllSucceed() throws Exception {
        CountingServiceImpl survivorImpl = new CountingServiceImpl("survivor", false);
        Process victim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CountingProviderMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<Long, Integer> victimWrites = new ConcurrentHashMap<>();
        try (RpcServer survivor = Loopback.server(CountingService.class, survivorImpl, b -> b);
                RpcClient client = RpcClient.builder().build()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(victim.getInputStream(),
                    StandardCharsets.UTF_8));
            String port = out.readLine().substring("PORT=".length());
            Thread reader = new Thread(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.startsWith("RAN ")) {
                            victimWrites.merge(Long.parseLong(line.substring(4)), 1, Integer::sum);
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // The victim died.
                }
            });
            reader.start();
            CountingService service = client.proxy(CountingService.class, "127.0.0.1:" + port,
                    Loopback.address(survivor));

            List<Long> succeededWrites = new ArrayList<>();
            int failedReads = 0;
            long id = 0;
            for (int round = 0; round < 2_000; round++) {
                if (round == 600) {
                    victim.destroyForcibly();
                }
                try {
                    service.read(++id);
                } catch (RpcException e) {
                    failedReads++;
                }
                long write = ++id;
                try {
                    service.write(write);
                    succeededWrites.add(write);
                } catch (RpcException e) {
                    assertThat(e.code()).isEqualTo(RpcException.Code.CONNECTION_FAILED);
                }
            }
            assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();
            reader.join(5_000);
            assertThat(failedReads).as("idempotent calls that failed").isZero();
            Map<Long, Integer> total = new HashMap<>(victimWrites);
            survivorImpl.writes.forEach((k, v) -> total.merge(k, v, Integer::sum));
            assertThat(total.values()).as("runs per write").allMatch(n -> n == 1);
            assertThat(total.keySet()).containsAll(succeededWrites);
            assertThat(victimWrites).isNotEmpty();
            assertThat(survivorImpl.writes).isNotEmpty();
        } finally {
            victim.destroyForcibly();
        }
    }

    @Test
    void retriesShareTheCallersDeadline() {
        TestServiceImpl slowA = new TestServiceImpl();
        TestServiceImpl slowB = new TestServiceImpl();
        try (RpcServer a = Loopback.server(TestService.class, slowA, b -> b);
                RpcServer b = Loopback.server(TestService.class, slowB, x -> x);
                RpcClient client = RpcClient.builder().service(TestService.class, ServiceOptions.builder()
                        .method("gated", CallPolicy.builder().timeout(Duration.ofMillis(900)).idempotent(true)
                                .retries(2).build()).build()).build()) {
            try {
                TestService service = client.proxy(TestService.class, Loopback.address(a), Loopback.address(b));
                long start = System.nanoTime();
                assertThatThrownBy(() -> service.gated("x"))
                        .isInstanceOfSatisfying(RpcException.class,
                                e -> assertThat(e.code()).isEqualTo(RpcException.Code.TIMEOUT));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                // Each attempt got a share of the 900 ms, so together they end near it; two full timeouts would be
                // 1,800 ms. The margin above 900 ms is for a loaded machine's timer and scheduling delays.
                assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(500)).isLessThan(Duration.ofMillis(1_700));
                Awaitility.await().atMost(Duration.ofSeconds(2)).until(() ->
                        slowA.started.size() + slowB.started.size() == 2);
            } finally {
                slowA.gate.countDown();
                slowB.gate.countDown();
            }
        }
    }

    @Test
    void forkingTakesTheFirstAnswerAndCancelsTheOthers() throws Exception {
        TestServiceImpl slow = new TestServiceImpl();
        TestServiceImpl fast = new TestServiceImpl();
        fast.gate.countDown();
        try (RpcServer s = Loopback.server(TestService.class, slow, b -> b);
                RpcServer f = Loopback.server(TestService.class, fast, b -> b);
                RpcClient client = RpcClient.builder().service(TestService.class, ServiceOptions.builder()
                        .policy(CallPolicy.builder().cluster(ClusterMode.FORKING).forks(2).build()).build())
                        .build()) {
            try {
                TestService service = client.proxy(TestService.class, Loopback.address(s), Loopback.address(f));
                // Open both connections first: a fork whose connection is still being made is simply never sent.
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
                    service.echo("warm-up");
                    return client.stats().openConnections() == 2;
                });
                // Warm-up forks lose too, and their cancels are counted: measure from here.
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> s.stats().inFlight() == 0);
                long cancelledBefore = s.stats().cancelledBeforeRun();
                long start = System.nanoTime();
                assertThat(service.gated("first")).isEqualTo("first");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                assertThat(fast.started).containsExactly("first");
                // The losing fork is cancelled: skipped if it had not started yet, interrupted if it had.
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                        slow.interrupted.get() + s.stats().cancelledBeforeRun() - cancelledBefore == 1);
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> s.stats().inFlight() == 0);
                assertThat(client.stats().pendingCalls()).isZero();
            } finally {
                // The losing fork returns on its own once cancelled; this only spares close() a call held
                // for 30 s should an assertion above fail first.
                slow.gate.countDown();
            }
        }
    }

    @Test
    void failsafeReturnsDefaultsAndFailfastFailsAtOnce() throws Exception {
        TestServiceImpl impl = new TestServiceImpl();
        String dead = "127.0.0.1:" + deadPort();
        try (RpcServer alive = Loopback.server(TestService.class, impl, b -> b);
                RpcClient failsafe = RpcClient.builder().defaultPolicy(CallPolicy.builder().cluster(ClusterMode.FAILSAFE).build()).build();
                RpcClient failfast = RpcClient.builder().defaultPolicy(CallPolicy.builder()
                        .cluster(ClusterMode.FAILFAST).loadBalancer(LoadBalancer.roundRobin()).build()).build();
                RpcClient failover = RpcClient.builder().defaultPolicy(CallPolicy.builder().loadBalancer(LoadBalancer.roundRobin()).build()).build()) {
            try {
                TestService safe = failsafe.proxy(TestService.class, Loopback.address(alive));
                // Failures of the call are swallowed; exceptions the method throws on purpose still reach the caller.
                assertThat(failsafe.proxy(TestService.class, dead).echoLong(7)).isZero();
                assertThat(failsafe.proxy(TestService.class, dead).echo("lost")).isNull();
                assertThat(safe.slow("too slow")).isNull();
                assertThatThrownBy(() -> safe.failUnchecked("boom")).isExactlyInstanceOf(IllegalStateException.class);
                assertThat(safe.echo("ok")).isEqualTo("ok");
                impl.gate.countDown();

                // Round-robin tries the dead address first; failfast reports that, failover moves on.
                assertThatThrownBy(() -> failfast.proxy(TestService.class, dead, Loopback.address(alive)).echo("x"))
                        .isInstanceOfSatisfying(RpcException.class,
                                e -> assertThat(e.code()).isEqualTo(RpcException.Code.CONNECTION_FAILED));
                assertThat(failover.proxy(TestService.class, dead, Loopback.address(alive)).echo("y")).isEqualTo("y");
            } finally {
                impl.gate.countDown();
            }
        }
    }

    @Test
    void versionsNeverCrossAndStarTakesAny() {
        String registry = "memory://" + UUID.randomUUID();
        try (RpcServer v1 = RpcServer.builder().bindAddress("127.0.0.1").host("127.0.0.1").port(0)
                        .registry(registry).build();
                RpcServer v2 = RpcServer.builder().bindAddress("127.0.0.1").host("127.0.0.1").port(0)
                        .registry(registry).build()) {
            v1.export(EchoV1.class, () -> "v1").start();
            v2.export(EchoV2.class, () -> "v2").start();
            try (RpcClient plain = RpcClient.builder().registry(registry).build();
                    RpcClient any = RpcClient.builder().registry(registry)
                            .service(EchoV1.class, ServiceOptions.builder().version("*").build()).build();
                    RpcClient two = RpcClient.builder().registry(registry)
                            .service(EchoV1.class, ServiceOptions.builder().version("2.0").build()).build()) {
                EchoV1 onlyOne = plain.proxy(EchoV1.class);
                EchoV2 onlyTwo = plain.proxy(EchoV2.class);
                EchoV1 overridden = two.proxy(EchoV1.class);
                for (int i = 0; i < 200; i++) {
                    assertThat(onlyOne.who()).isEqualTo("v1");
                    assertThat(onlyTwo.who()).isEqualTo("v2");
                    assertThat(overridden.who()).isEqualTo("v2");
                }
                EchoV1 star = any.proxy(EchoV1.class);
                Set<String> seen = ConcurrentHashMap.newKeySet();
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
                    seen.add(star.who());
                    return seen.size() == 2;
                });
            }
        }
    }

    @Test
    void aProviderThatKeepsTimingOutIsEjectedThenProbed() {
        TestServiceImpl sick = new TestServiceImpl();
        TestServiceImpl healthy = new TestServiceImpl();
        healthy.gate.countDown();
        try (RpcServer s = Loopback.server(TestService.class, sick, b -> b);
                RpcServer h = Loopback.server(TestService.class, healthy, b -> b);
                RpcClient client = RpcClient.builder().defaultPolicy(CallPolicy.builder().loadBalancer(LoadBalancer.roundRobin()).build())
                        .service(TestService.class, ServiceOptions.builder().method("gated",
                                CallPolicy.builder().timeout(Duration.ofMillis(100)).build()).build())
                        .build()) {
            try {
                TestService service = client.proxy(TestService.class, Loopback.address(s), Loopback.address(h));
                AtomicInteger timeouts = new AtomicInteger();
                for (int i = 0; i < 40; i++) {
                    try {
                        service.gated("call-" + i);
                    } catch (RpcException e) {
                        assertThat(e.code()).isEqualTo(RpcException.Code.TIMEOUT);
                        timeouts.incrementAndGet();
                    }
                }
                assertThat(timeouts.get()).as("timeouts before ejection").isEqualTo(5);
                int startedWhileEjected = sick.started.size();
                // After the first ejection period (1 s) one probe goes to the sick provider, fails, and it is ejected
                // again for longer.
                Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                        .ignoreExceptionsInstanceOf(RpcException.class)
                        .until(() -> {
                            service.gated("probe?");
                            return sick.started.size() > startedWhileEjected;
                        });
                assertThat(sick.started.size()).isEqualTo(startedWhileEjected + 1);
            } finally {
                sick.gate.countDown();
            }
        }
    }


    @Test
    void anIdempotentCallStillFailsOverWhenEveryProviderIsEjected() {
        // Both providers hang until every one is ejected (a consumer pause times out every provider's calls at once);
        // then one recovers while both are still ejected. Calls must fail over to it rather than spend their whole
        // deadline on the hung one with nowhere left to retry.
        TestServiceImpl hung = new TestServiceImpl();
        TestServiceImpl recovering = new TestServiceImpl();
        try (RpcServer a = Loopback.server(TestService.class, hung, b -> b);
                RpcServer r = Loopback.server(TestService.class, recovering, b -> b);
                RpcClient client = RpcClient.builder().defaultPolicy(CallPolicy.builder()
                                .loadBalancer(LoadBalancer.roundRobin()).build())
                        .service(TestService.class, ServiceOptions.builder().method("gated", CallPolicy.builder()
                                .timeout(Duration.ofMillis(200)).idempotent(true).retries(1).build()).build())
                        .build()) {
            try {
                TestService service = client.proxy(TestService.class, Loopback.address(a), Loopback.address(r));
                for (int i = 0; i < 5; i++) {
                    assertThatThrownBy(() -> service.gated("eject")).isInstanceOf(RpcException.class);
                }
                recovering.gate.countDown();
                int hungBefore = hung.started.size();
                for (int i = 0; i < 4; i++) {
                    assertThat(service.gated("after-" + i)).isEqualTo("after-" + i);
                }
                assertThat(hung.started.size()).as("calls that tried the hung provider first")
                        .isGreaterThan(hungBefore);
            } finally {
                hung.gate.countDown();
                recovering.gate.countDown();
            }
        }
    }

    @Test
    void aBatchOfIntendedTimeoutsDoesNotEjectAProviderThatAnswersEverythingElse() throws Exception {
        // Ten calls to one provider hang and time out together when the timer fires; calls sent after them were
        // answered meanwhile. Those timeouts say nothing about the provider's health, so it keeps its traffic.
        TestServiceImpl first = new TestServiceImpl();
        TestServiceImpl second = new TestServiceImpl();
        try (RpcServer a = Loopback.server(TestService.class, first, b -> b);
                RpcServer b2 = Loopback.server(TestService.class, second, b -> b);
                RpcClient client = RpcClient.builder().defaultPolicy(CallPolicy.builder()
                                .loadBalancer(LoadBalancer.roundRobin()).build())
                        .service(TestService.class, ServiceOptions.builder().method("asyncGated", CallPolicy.builder()
                                .timeout(Duration.ofMillis(300)).retries(0).build()).build())
                        .build()) {
            try {
                TestService onlyFirst = client.proxy(TestService.class, Loopback.address(a));
                TestService both = client.proxy(TestService.class, Loopback.address(a), Loopback.address(b2));
                List<CompletableFuture<String>> hung = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    hung.add(onlyFirst.asyncGated("hung-" + i));
                }
                for (int i = 0; i < 20; i++) {
                    both.touch();
                }
                for (CompletableFuture<String> call : hung) {
                    assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(RpcException.class)
                            .cause().satisfies(e -> assertThat(((RpcException) e).code())
                                    .isEqualTo(RpcException.Code.TIMEOUT));
                }
                int firstBefore = first.touches.get();

                for (int i = 0; i < 40; i++) {
                    both.touch();
                }

                assertThat(first.touches.get() - firstBefore).as("calls the first provider answered after the timeouts")
                        .isBetween(15, 25);
            } finally {
                // Even after a failed assertion: ten calls still held would make close() wait out its shutdown timeout.
                first.gate.countDown();
            }
        }
    }

    /** A provider that says who it is. */
    @RpcService(name = "p2c.Named")
    public interface Named {
        /** Returns the provider's number. */
        int id();
    }

    @Test
    void powerOfTwoChoicesSendsMostTrafficAwayFromASlowProvider() {
        Named slowImpl = () -> {
            try {
                Thread.sleep(20); // the provider "made slow"
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 2;
        };
        try (RpcServer fast = Loopback.server(Named.class, () -> 1, b -> b);
                RpcServer slow = Loopback.server(Named.class, slowImpl, b -> b);
                RpcClient client = RpcClient.builder().defaultPolicy(CallPolicy.builder()
                        .loadBalancer(LoadBalancer.powerOfTwoChoices()).build()).build()) {
            Named service = client.proxy(Named.class, Loopback.address(fast), Loopback.address(slow));
            int slowAnswers = 0;
            for (int i = 0; i < 300; i++) {
                if (service.id() == 2) {
                    slowAnswers++;
                }
            }
            assertThat(slowAnswers).as("calls answered by the slow provider").isLessThan(30);
        }
    }

    /** A method that takes a while and may be retried. */
    @RpcService(name = "cluster.Slowish")
    public interface Slowish {
        /** Answers after a pause. */
        @io.ferryrpc.api.RpcMethod(idempotent = true, retries = 2, timeoutMillis = 900)
        String work();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // the provider's own slowness, not a test waiting for state
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anIdempotentCallToASingleProviderKeepsItsWholeTimeout() {
        Slowish slow = () -> {
            pause(450);
            return "done";
        };
        try (RpcServer server = Loopback.server(Slowish.class, slow, b -> b);
                RpcClient client = RpcClient.builder().build()) {
            // With nobody to retry on, the first attempt must not get only a third of the 900 ms.
            assertThat(client.proxy(Slowish.class, Loopback.address(server)).work()).isEqualTo("done");
        }
    }

    @Test
    void forkingPrefersASlowerSuccessToAFastError() {
        Slowish failing = () -> {
            throw new IllegalStateException("fast failure");
        };
        Slowish succeeding = () -> {
            pause(100);
            return "slow success";
        };
        try (RpcServer a = Loopback.server(Slowish.class, failing, b -> b);
                RpcServer b = Loopback.server(Slowish.class, succeeding, x -> x);
                RpcClient client = RpcClient.builder().defaultPolicy(CallPolicy.builder().cluster(ClusterMode.FORKING).build()).build()) {
            Slowish service = client.proxy(Slowish.class, Loopback.address(a), Loopback.address(b));
            for (int i = 0; i < 5; i++) {
                assertThat(service.work()).isEqualTo("slow success");
            }
        }
        try (RpcServer a = Loopback.server(Slowish.class, failing, b -> b);
                RpcClient client = RpcClient.builder().defaultPolicy(CallPolicy.builder().cluster(ClusterMode.FORKING).build()).build()) {
            // When every fork fails, the caller gets the provider's own exception.
            assertThatThrownBy(() -> client.proxy(Slowish.class, Loopback.address(a)).work())
                    .isExactlyInstanceOf(IllegalStateException.class).hasMessage("fast failure");
        }
    }
}
