package io.ferryrpc.monitor.center.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The center's HTTP side, on the JDK's own server (no web framework on the classpath): {@code /metrics},
 * {@code /api/services} and the dashboard's static files, GET and HEAD only, on a small bounded pool.
 */
public final class HttpFrontend implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpFrontend.class);
    private static final String WEB = "io/ferryrpc/monitor/center/web/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "txt", "text/plain; charset=utf-8",
            "md", "text/plain; charset=utf-8");

    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    /**
     * Starts serving on {@code bindAddress:port} (0 for an ephemeral port).
     *
     * @param metrics renders {@code /metrics}
     * @param services renders {@code /api/services} for a window in seconds, or throws IllegalArgumentException
     * @param maxWindowSeconds the longest window accepted
     */
    public HttpFrontend(String bindAddress, int port, Supplier<String> metrics, IntFunction<String> services,
            int maxWindowSeconds) throws IOException {
        AtomicInteger threads = new AtomicInteger();
        executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
            Thread t = new Thread(r, "ferry-monitor-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
        server = HttpServer.create(new InetSocketAddress(bindAddress, port), 64);
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> serve(exchange, () -> new Reply(200,
                PrometheusText.CONTENT_TYPE, metrics.get().getBytes(StandardCharsets.UTF_8))));
        server.createContext("/api/services", exchange -> serve(exchange, () -> {
            int window = window(exchange.getRequestURI(), maxWindowSeconds);
            return new Reply(200, "application/json", services.apply(window).getBytes(StandardCharsets.UTF_8));
        }));
        server.createContext("/", exchange -> serve(exchange, () -> file(exchange.getRequestURI().getPath())));
        server.start();
    }

    /** Returns the port served. */
    public int port() {
        return server.getAddress().getPort();
    }

    private record Reply(int status, String type, byte[] body) {}

    private interface Handler {
        Reply handle() throws IOException;
    }

    private static void serve(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Reply reply;
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply = text(405, "method not allowed: " + method);
            } else {
                try {
                    reply = handler.handle();
                } catch (IllegalArgumentException e) {
                    reply = text(400, e.getMessage());
                } catch (RuntimeException e) {
                    log.warn("cannot answer {}", exchange.getRequestURI(), e);
                    reply = text(500, "internal error");
                }
            }
            exchange.getResponseHeaders().set("Content-Type", reply.type());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Content-Security-Policy",
                    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
            boolean head = method.equals("HEAD");
            exchange.sendResponseHeaders(reply.status(), head ? -1 : (reply.body().length == 0 ? -1
                    : reply.body().length));
            if (!head && reply.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        }
    }

    private static Reply text(int status, String message) {
        return new Reply(status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static int window(URI uri, int max) {
        String query = uri.getRawQuery();
        if (query == null) {
            return Math.min(60, max);
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("window=")) {
                String value = pair.substring("window=".length());
                int seconds;
                try {
                    seconds = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("window: " + value + " (expected: seconds, 1.." + max + ")");
                }
                if (seconds < 1 || seconds > max) {
                    throw new IllegalArgumentException("window: " + seconds + " (expected: seconds, 1.." + max + ")");
                }
                return seconds;
            }
        }
        return Math.min(60, max);
    }

    private static Reply file(String path) throws IOException {
        String name = path.equals("/") || path.isEmpty() ? "index.html" : path.substring(1);
        if (name.contains("..") || name.contains("//") || name.contains("\\")) {
            return text(404, "not found");
        }
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
        if (type == null) {
            return text(404, "not found");
        }
        try (InputStream in = HttpFrontend.class.getClassLoader().getResourceAsStream(WEB + name)) {
            if (in == null) {
                return text(404, "not found");
            }
            return new Reply(200, type, in.readAllBytes());
        }
    }

    /** Stops serving, letting exchanges in progress finish for at most a second. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
