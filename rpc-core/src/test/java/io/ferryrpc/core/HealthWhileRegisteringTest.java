package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.core.fixtures.TestService;
import io.ferryrpc.core.fixtures.TestServiceImpl;
import io.ferryrpc.core.spi.Registry;
import io.ferryrpc.core.spi.ServiceKey;
import io.ferryrpc.core.testing.Loopback;
import io.ferryrpc.core.testing.MemoryRegistryFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Probes keep answering while a registration waits on a slow registry: the registry here blocks every
 * registration that a test subscriber is told about, as a slow or flapping ZooKeeper would.
 */
@Timeout(60)
class HealthWhileRegisteringTest {

    @Test
    void probesAnswerAtOnceWhileOnlineWaitsOnTheRegistry() throws Exception {
        String address = "memory://" + UUID.randomUUID();
        Registry observer = new MemoryRegistryFactory().create(address);
        AtomicBoolean blocking = new AtomicBoolean();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        ServiceKey key = new ServiceKey(TestService.class.getName(), "1.0", "");
        AutoCloseable subscription = observer.subscribe(key, providers -> {
            if (blocking.get() && !providers.isEmpty()) {
                blocked.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (RpcServer server = Loopback.server(TestService.class, new TestServiceImpl(),
                b -> b.registry(address).healthEndpoint("127.0.0.1", 0))) {
            server.offline();
            blocking.set(true);
            CompletableFuture<Void> online = CompletableFuture.runAsync(server::online);
            assertThat(blocked.await(10, TimeUnit.SECONDS)).as("the registration is waiting").isTrue();

            long start = System.nanoTime();
            HttpResponse<String> live = get(http, server, "/health/live");
            HttpResponse<String> ready = get(http, server, "/health/ready");
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("not registered: " + key);
            assertThat(server.health().ready()).isFalse();
            assertThat(took).as("ms for both probes while the registration waits").isLessThan(3_000);
            assertThat(online).isNotDone();

            release.countDown();
            online.get(10, TimeUnit.SECONDS);
            assertThat(get(http, server, "/health/ready").statusCode()).isEqualTo(200);
        } finally {
            release.countDown();
            subscription.close();
            observer.close();
        }
    }

    private static HttpResponse<String> get(HttpClient http, RpcServer server, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.healthPort() + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
