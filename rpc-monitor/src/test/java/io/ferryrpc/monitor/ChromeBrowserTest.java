package io.ferryrpc.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The test browser itself: loads a page from a loopback server, reads what its script did, takes a screenshot. */
@Timeout(60)
class ChromeBrowserTest {

    private static final String PAGE = """
            <!DOCTYPE html>
            <html><head><title>probe</title><script src="probe.js"></script></head>
            <body><h1>Ferry browser probe</h1>
            <div style="height:600px;background:linear-gradient(90deg,#2563eb,#16a34a,#f59e0b)"></div></body></html>
            """;
    private static final String SCRIPT = """
            document.addEventListener('DOMContentLoaded', function () {
              document.body.setAttribute('data-probe', 'ran ' + (6 * 7));
            });
            """;

    @Test
    void loadsAPageRunsItsScriptAndTakesAScreenshot() throws Exception {
        Assumptions.assumeTrue(ChromeBrowser.available(),
                "Chromium and ChromeDriver are not installed at /usr/bin/chromium and /usr/bin/chromedriver "
                        + "(Debian packages chromium, chromium-driver): browser tests skipped");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/", exchange -> {
            try (exchange) {
                boolean js = exchange.getRequestURI().getPath().endsWith(".js");
                byte[] body = (js ? SCRIPT : PAGE).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type",
                        js ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        try (ChromeBrowser browser = new ChromeBrowser()) {
            browser.open("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    browser.script("return document.body && document.body.getAttribute('data-probe')"))
                    .isEqualTo("ran 42"));
            assertThat(browser.script("return arguments[0] + arguments[1]", 40, 2)).isEqualTo(42);
            assertThat(browser.script("return document.title")).isEqualTo("probe");
            Path png = Path.of("target", "chrome-browser-test.png");
            Files.deleteIfExists(png);
            browser.screenshot(png);
            assertThat(png).exists();
            assertThat(Files.size(png)).isGreaterThan(4 * 1024);
            byte[] magic = Files.readAllBytes(png);
            assertThat(new String(magic, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        } finally {
            server.stop(0);
        }
    }
}
