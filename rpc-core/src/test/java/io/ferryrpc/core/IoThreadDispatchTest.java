package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.core.fixtures.ThreadService;
import io.ferryrpc.core.testing.Loopback;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link RpcServer.Builder#runOnIoThreads}: calls run on the IO thread, and nothing is lost or answered twice. */
@Timeout(60)
class IoThreadDispatchTest {

    private final ExecutorService completer = Executors.newSingleThreadExecutor();
    private final ThreadService impl = new ThreadService() {
        @Override
        public String threadName(String tag) {
            return Thread.currentThread().getName() + "/" + tag;
        }

        @Override
        public CompletableFuture<String> later(String value) {
            return CompletableFuture.supplyAsync(() -> "later " + value, completer);
        }
    };
    private RpcServer server;
    private RpcClient client;

    @AfterEach
    void stop() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        completer.shutdownNow();
        assertThat(completer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    private ThreadService start(boolean onIoThreads) {
        server = Loopback.server(ThreadService.class, impl, b -> b.runOnIoThreads(onIoThreads));
        client = RpcClient.builder().build();
        return client.proxy(ThreadService.class, Loopback.address(server));
    }

    @Test
    void callsRunOnTheIoThreadThatReadThem() {
        ThreadService service = start(true);
        assertThat(service.threadName("a")).startsWith("ferry-server-io-").endsWith("/a");
    }

    @Test
    void byDefaultCallsRunOnTheExecutor() {
        ThreadService service = start(false);
        assertThat(service.threadName("a")).startsWith("ferry-server-exec-");
    }

    @Test
    void asynchronousMethodsAreAnsweredWhenTheirFutureCompletesElsewhere() throws Exception {
        ThreadService service = start(true);
        assertThat(service.later("x").get(5, TimeUnit.SECONDS)).isEqualTo("later x");
    }

    @Test
    void manyConcurrentCallersEachGetTheirOwnAnswerExactlyOnce() throws Exception {
        ThreadService service = start(true);
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                String tag = "t" + i;
                answers.add(i % 2 == 0 ? callers.submit(() -> service.threadName(tag))
                        : callers.submit(() -> service.later(tag).get(10, TimeUnit.SECONDS)));
            }
            Set<String> tags = new HashSet<>();
            for (Future<String> answer : answers) {
                String value = answer.get(30, TimeUnit.SECONDS);
                tags.add(value.substring(value.lastIndexOf(value.startsWith("later ") ? ' ' : '/') + 1));
            }
            assertThat(tags).hasSize(2000);
            assertThat(server.stats().inFlight()).isZero();
            assertThat(client.stats().pendingCalls()).isZero();
        } finally {
            callers.shutdownNow();
        }
    }
}
