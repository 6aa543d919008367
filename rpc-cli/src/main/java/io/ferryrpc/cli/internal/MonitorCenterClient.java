package io.ferryrpc.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads a monitor center's {@code /api/services} JSON over HTTP, with failures as {@link CliFailure}s. */
public final class MonitorCenterClient {

    /** How much of an error answer's body is quoted: the center answers one line; anything else is cut. */
    private static final int QUOTED_BODY_CHARS = 200;

    private MonitorCenterClient() {}

    /**
     * Returns the center's per-service figures over the last {@code windowSeconds}.
     *
     * @param monitor the center's HTTP address, {@code http://host:port}
     * @throws CliFailure with {@link CliFailure#USAGE} for a malformed address or a window the center refuses,
     *     {@link CliFailure#FAILED} if the center cannot be reached in time or does not answer with its JSON
     */
    public static JsonNode services(String monitor, int windowSeconds, Duration timeout) throws InterruptedException {
        URI uri = uri(monitor, windowSeconds);
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliFailure(CliFailure.FAILED, "cannot reach the monitor center at " + monitor + " (" + e + ")");
        }
        if (response.statusCode() == 400) {
            // The center refuses only what the command line asked for (a window longer than its history).
            throw new CliFailure(CliFailure.USAGE, "the monitor center at " + monitor + " refused the request: "
                    + quote(response.body()));
        }
        if (response.statusCode() != 200) {
            throw new CliFailure(CliFailure.FAILED, "the monitor center at " + monitor + " answered HTTP "
                    + response.statusCode() + (response.body().isBlank() ? "" : ": " + quote(response.body())));
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(response.body());
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || !root.path("services").isArray()) {
            throw new CliFailure(CliFailure.FAILED, monitor + " answered " + uri.getPath() + " without a monitor"
                    + " center's JSON; is it the center's HTTP port (its log says \"monitor center: ... HTTP port\")?");
        }
        return root;
    }

    private static URI uri(String monitor, int windowSeconds) {
        URI base;
        try {
            base = URI.create(monitor.replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            base = null;
        }
        String scheme = base == null ? null : base.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || base.getHost() == null) {
            throw new CliFailure(CliFailure.USAGE, "bad monitor address " + monitor
                    + ": expected http://host:port, such as http://127.0.0.1:8090");
        }
        return base.resolve(base.getRawPath() + "/api/services?window=" + windowSeconds);
    }

    private static String quote(String body) {
        String line = body.strip().replaceAll("\\s+", " ");
        return line.length() <= QUOTED_BODY_CHARS ? line : line.substring(0, QUOTED_BODY_CHARS) + "...";
    }
}
