package io.ferryrpc.core.internal.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ferryrpc.core.RpcServer;
import io.ferryrpc.core.internal.json.JsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code GET /health/live} and {@code GET /health/ready} on the JDK's own HTTP server (no web framework on
 * the classpath): 200 with {@code {"status":"UP"}}, or 503 with {@code {"status":"DOWN","reasons":[...]}}; other
 * paths 404, other methods 405. One handler thread with a short queue: when both are full the server's dispatcher
 * thread answers itself, which slows a flood of probes down instead of queueing it without bound.
 *
 * <p>The JDK server reads a request's headers on the handler thread and, unless the JVM-wide
 * {@code sun.net.httpserver.maxReqTime} is set, without a time limit: one client that stalls mid-request holds up
 * every probe (measured: each probe then timed out; with {@code maxReqTime=1} the next one was answered after
 * 1.4 s). Hence the advice to bind the endpoint to loopback or a network only the supervisor reaches.
 */
public final class HealthEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HealthEndpoint.class);
    /** Requests waiting for the handler thread before the dispatcher thread answers them itself. */
    static final int QUEUE = 16;
    /** Connections waiting to be accepted. */
    static final int BACKLOG = 16;
    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";

    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    /**
     * Starts serving on {@code bindAddress:port} (0 for an ephemeral port), asking {@code health} on every probe.
     *
     * @throws IOException if the address cannot be bound
     */
    public HealthEndpoint(String bindAddress, int port, Supplier<RpcServer.Health> health) throws IOException {
        server = HttpServer.create(new InetSocketAddress(bindAddress, port), BACKLOG);
        // Not a daemon, like the server's other threads: close() stops it.
        executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                r -> new Thread(r, "ferry-server-health"), new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(executor);
        server.createContext("/", exchange -> serve(exchange, health));
        server.start();
    }

    /** Returns the port served. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void serve(HttpExchange exchange, Supplier<RpcServer.Health> health) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            int status;
            String body;
            if (!path.equals(LIVE) && !path.equals(READY)) {
                status = 404;
                body = "{\"status\":\"NOT_FOUND\"}";
            } else if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                status = 405;
                body = "{\"status\":\"METHOD_NOT_ALLOWED\"}";
            } else {
                RpcServer.Health now;
                try {
                    now = health.get();
                } catch (RuntimeException e) {
                    log.warn("cannot evaluate health for {}", path, e);
                    now = new RpcServer.Health(false, false, List.of("health check failed: " + e));
                }
                boolean up = path.equals(LIVE) ? now.live() : now.ready();
                status = up ? 200 : 503;
                body = json(up, now.reasons());
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static String json(boolean up, List<String> reasons) {
        JsonWriter json = new JsonWriter().beginObject().name("status").value(up ? "UP" : "DOWN");
        if (!up) {
            json.name("reasons").beginArray();
            reasons.forEach(json::value);
            json.endArray();
        }
        return json.endObject().toString();
    }

    /** Stops serving at once (a probe in progress is cut off) and stops the handler thread. */
    @Override
    public void close() {
        // stop(0): on JDK 17 any positive delay is waited out in full even when no exchange is in progress.
        server.stop(0);
        executor.shutdownNow();
    }
}
