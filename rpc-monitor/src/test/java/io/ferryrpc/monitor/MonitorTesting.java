package io.ferryrpc.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferryrpc.core.RpcClient;
import io.ferryrpc.core.RpcServer;
import io.ferryrpc.monitor.center.MonitorCenter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.StreamSupport;

/** Centers, providers and consumers for the monitor's tests, all on 127.0.0.1, each with its own reporter. */
final class MonitorTesting {

    static final Duration PUSH_INTERVAL = Duration.ofMillis(200);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private MonitorTesting() {}

    /** A node: a Ferry server or client with a metrics filter and a reporter. */
    record Node(MetricsFilter metrics, SimpleMeterRegistry meters, MonitorReporter reporter, RpcServer server,
            RpcClient client) implements AutoCloseable {

        Payments payments() {
            return client.proxy(Payments.class);
        }

        @Override
        public void close() {
            reporter.close();
            if (client != null) {
                client.close();
            }
            if (server != null) {
                server.close();
            }
        }
    }

    static MonitorCenter center(String registry) {
        return MonitorCenter.builder().registry(registry).bindAddress("127.0.0.1").host("127.0.0.1").rpcPort(0)
                .httpBindAddress("127.0.0.1").httpPort(0).slot(Duration.ofSeconds(1))
                .history(Duration.ofMinutes(2)).build();
    }

    static MonitorReporter reporter(MetricsFilter metrics, String registry, String application) {
        return MonitorReporter.builder(metrics).registry(registry).application(application)
                .interval(PUSH_INTERVAL).pushTimeout(Duration.ofSeconds(2)).build();
    }

    static Node provider(String registry, String application) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        MetricsFilter metrics = new MetricsFilter(meters);
        RpcServer server = RpcServer.builder().bindAddress("127.0.0.1").host("127.0.0.1").port(0)
                .registry(registry).applicationName(application).unregisterGracePeriod(Duration.ofMillis(100))
                .filter(metrics).build();
        server.export(Payments.class, new Payments.Impl());
        server.start();
        return new Node(metrics, meters, reporter(metrics, registry, application), server, null);
    }

    static Node consumer(String registry, String application) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        MetricsFilter metrics = new MetricsFilter(meters);
        RpcClient client = RpcClient.builder().registry(registry).applicationName(application).filter(metrics)
                .warmup(Duration.ZERO).build();
        return new Node(metrics, meters, reporter(metrics, registry, application), null, client);
    }

    /** Calls the node's provider side has recorded (providers record once their answer is written). */
    static long serverCalls(Node provider) {
        return provider.metrics().statistics().all().stream().mapToLong(s -> s.durations().count()).sum();
    }

    static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode services(MonitorCenter center, int windowSeconds) throws IOException, InterruptedException {
        return JSON.readTree(get("http://127.0.0.1:" + center.httpPort() + "/api/services?window=" + windowSeconds));
    }

    /** Returns the method's node of {@code /api/services}, or a missing node. */
    static JsonNode method(JsonNode services, String service, String method) {
        return StreamSupport.stream(services.path("services").spliterator(), false)
                .filter(s -> s.path("service").asText().equals(service))
                .flatMap(s -> StreamSupport.stream(s.path("methods").spliterator(), false))
                .filter(m -> m.path("method").asText().equals(method))
                .findFirst().orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    }
}
