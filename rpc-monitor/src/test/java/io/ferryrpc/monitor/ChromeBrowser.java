package io.ferryrpc.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A headless Chromium for tests, driven through Debian's {@code chromedriver} with the W3C WebDriver protocol over
 * plain {@link HttpClient} and Jackson (no Selenium). Everything stays on the loopback interface, and every wait is
 * bounded.
 *
 * <pre>{@code
 * Assumptions.assumeTrue(ChromeBrowser.available(), "...");
 * try (ChromeBrowser browser = ChromeBrowser.start()) {
 *     browser.open("http://127.0.0.1:" + port + "/");
 *     Object title = browser.script("return document.title");
 *     browser.screenshot(Path.of("target", "page.png"));
 * }
 * }</pre>
 *
 * <p>ChromeDriver is started without {@code --allowed-ips}: with that option it listens on every interface,
 * without it only on the loopback addresses, and local connections are all the tests need.
 */
final class ChromeBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Process driver;
    private final String base;
    private final HttpClient http;
    private String session;

    /** Starts ChromeDriver on a free loopback port and opens a headless browser session; see {@link #start()}. */
    ChromeBrowser() throws IOException {
        dir = Files.createTempDirectory("ferry-chrome-");
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Process started = null;
        try {
            int port = freePort();
            base = "http://127.0.0.1:" + port;
            Path log = dir.resolve("chromedriver.log");
            started = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            driver = started;
            awaitReady(log);
            newSession();
        } catch (IOException | RuntimeException e) {
            if (started != null) {
                stop(started);
            }
            deleteTree(dir);
            throw e;
        }
    }

    /** Whether Chromium and ChromeDriver are installed where Debian puts them. */
    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Starts ChromeDriver on a free loopback port and opens a headless browser session. */
    static ChromeBrowser start() throws IOException {
        return new ChromeBrowser();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady(Path log) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!driver.isAlive()) {
                throw new IOException("chromedriver exited with " + driver.exitValue() + ": " + tail(log));
            }
            try {
                JsonNode status = request("GET", "/status", null, Duration.ofSeconds(2));
                if (status.path("value").path("ready").asBoolean(false)) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            sleep(100);
        }
        throw new IOException("chromedriver not ready within " + START_TIMEOUT + ": " + tail(log));
    }

    private void newSession() throws IOException {
        Path profile = Files.createDirectories(dir.resolve("profile"));
        List<String> args = List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        Map<String, Object> chromeOptions = new LinkedHashMap<>();
        chromeOptions.put("binary", CHROMIUM.toString());
        chromeOptions.put("args", args);
        Map<String, Object> always = new LinkedHashMap<>();
        always.put("browserName", "chrome");
        always.put("pageLoadStrategy", "normal");
        always.put("timeouts", Map.of("pageLoad", 20_000, "script", 10_000, "implicit", 0));
        always.put("goog:chromeOptions", chromeOptions);
        JsonNode reply = request("POST", "/session", Map.of("capabilities", Map.of("alwaysMatch", always)),
                SESSION_TIMEOUT);
        String id = reply.path("value").path("sessionId").asText(null);
        if (id == null) {
            throw new IOException("no session: " + reply);
        }
        session = id;
    }

    /** Navigates to {@code url} and waits for the page to load (bounded by the page-load timeout). */
    void open(String url) {
        command("POST", "/url", Map.of("url", url));
    }

    /**
     * Runs {@code js} as the body of a function in the page (WebDriver's execute/sync, {@code arguments[i]} are
     * {@code args}) and returns what it returns, as Jackson maps, lists, strings, numbers, booleans or null.
     */
    Object script(String js, Object... args) {
        JsonNode value = command("POST", "/execute/sync", Map.of("script", js, "args", Arrays.asList(args)));
        return JSON.convertValue(value, Object.class);
    }

    /** Sets the browser window's outer size (e.g. taller, to capture a whole page in a screenshot). */
    void resize(int width, int height) {
        command("POST", "/window/rect", Map.of("width", width, "height", height));
    }

    /** Saves a PNG of the viewport. */
    void screenshot(Path png) {
        JsonNode value = command("GET", "/screenshot", null);
        try {
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(png, Base64.getDecoder().decode(value.asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode command(String method, String path, Object body) {
        if (session == null) {
            throw new IllegalStateException("no browser session");
        }
        try {
            return request(method, "/session/" + session + path, body, COMMAND_TIMEOUT).path("value");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode request(String method, String path, Object body, Duration timeout) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json; charset=utf-8")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        }
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + method + " " + path, e);
        }
        JsonNode reply = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            JsonNode value = reply.path("value");
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": "
                    + value.path("error").asText("?") + ": " + value.path("message").asText(response.body()));
        }
        return reply;
    }

    /** Ends the session, stops ChromeDriver and every browser process it started, and deletes the profile. */
    @Override
    public void close() {
        if (session != null && driver.isAlive()) {
            try {
                request("DELETE", "/session/" + session, null, Duration.ofSeconds(10));
            } catch (IOException | RuntimeException e) {
                // The processes are stopped below in any case.
            }
            session = null;
        }
        stop(driver);
        deleteTree(dir);
    }

    private static void stop(Process process) {
        // Listed before the driver goes: once it is gone, its children are no longer its descendants.
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(0, process.toHandle());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (ProcessHandle p : all) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    p.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (Exception e) {
                // Forced below.
            }
        }
        for (ProcessHandle p : all) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Nothing more to do.
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // A process may still have been writing; try again.
            }
            if (!Files.exists(dir)) {
                return;
            }
            sleep(200);
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
