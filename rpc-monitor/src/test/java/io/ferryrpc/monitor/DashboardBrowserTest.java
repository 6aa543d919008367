package io.ferryrpc.monitor;

import static io.ferryrpc.monitor.MonitorTesting.consumer;
import static io.ferryrpc.monitor.MonitorTesting.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.monitor.MonitorTesting.Node;
import io.ferryrpc.monitor.center.MonitorCenter;
import io.ferryrpc.registry.zookeeper.EmbeddedZooKeeper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard in a real headless Chromium, against a real center fed by a provider and a consumer: the page
 * loads its scripts under the center's Content-Security-Policy, polls the JSON and shows the service, the
 * provider and live charts. Leaves a screenshot in {@code target/dashboard.png}.
 */
@Timeout(120)
class DashboardBrowserTest {

    private static final String SERVICE = "shop.Payments:1.0";
    private static final int PAYS = 50;
    private static final int REFUNDS = 3;

    @Test
    void dashboardShowsServicesProvidersAndLiveCharts() throws Exception {
        Assumptions.assumeTrue(ChromeBrowser.available(),
                "Chromium and ChromeDriver are not installed at /usr/bin/chromium and /usr/bin/chromedriver "
                        + "(Debian packages chromium, chromium-driver): browser tests skipped");
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start();
                MonitorCenter center = MonitorTesting.center(zk.address());
                Node provider = provider(zk.address(), "payment-system");
                Node consumer = consumer(zk.address(), "order-system")) {
            Payments payments = consumer.payments();
            for (int i = 0; i < PAYS; i++) {
                assertThat(payments.pay("o" + i)).isEqualTo("paid o" + i);
            }
            for (int i = 0; i < REFUNDS; i++) {
                assertThatThrownBy(() -> payments.refund("r")).isInstanceOf(IllegalStateException.class);
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> MonitorTesting.serverCalls(provider)
                    == PAYS + REFUNDS);
            flush(provider, consumer);
            String providerAddress = "127.0.0.1:" + provider.server().port();

            try (ChromeBrowser browser = new ChromeBrowser()) {
                browser.open("http://127.0.0.1:" + center.httpPort() + "/");
                String pay = "[data-service=\"" + SERVICE + "\"][data-method=\"pay\"]";
                // Charts show completed one-second slots only: keep calling (and pushing) until one has passed.
                Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(700))
                        .untilAsserted(() -> {
                            payments.pay("more");
                            flush(provider, consumer);
                            assertThat(browser.script("return document.body.getAttribute('data-updated')"))
                                    .isNotNull();
                            assertThat(browser.script("return document.querySelector(arguments[0]) !== null", pay))
                                    .isEqualTo(true);
                            assertThat(points(browser, pay, "qps")).isGreaterThanOrEqualTo(1);
                            assertThat(points(browser, pay, "p99")).isGreaterThanOrEqualTo(1);
                            assertThat(points(browser, "[data-method=\"refund\"]", "errors"))
                                    .isGreaterThanOrEqualTo(1);
                        });
                String text = (String) browser.script("return document.body.innerText");
                assertThat(text).contains(SERVICE).contains(providerAddress).contains("order-system")
                        .doesNotContain("Cannot update");
                assertThat(browser.script("return document.body.getAttribute('data-services')")).isEqualTo("1");
                // uPlot ran (the vendored script loads under the CSP) and drew into every chart of the card.
                assertThat(browser.script("return document.querySelectorAll(arguments[0] + ' [data-chart] canvas')"
                        + ".length", pay)).isEqualTo(3);
                @SuppressWarnings("unchecked")
                Map<String, Object> row = (Map<String, Object>) browser.script("""
                        var card = document.querySelector(arguments[0]);
                        var cells = card.querySelectorAll('.providers-table tbody tr td');
                        return { address: cells[0].textContent, bars: card.querySelectorAll('.seg').length };
                        """, pay);
                assertThat((String) row.get("address")).contains(providerAddress);
                assertThat(row.get("bars")).isEqualTo(2);
                // The charts are kept across refreshes, not recreated.
                browser.script("document.querySelector(arguments[0] + ' [data-chart=qps] canvas').dataset.mark = 'x'",
                        pay);
                Object updated = browser.script("return document.body.getAttribute('data-updated')");
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !updated.equals(
                        browser.script("return document.body.getAttribute('data-updated')")));
                assertThat(browser.script("return document.querySelector(arguments[0] + ' [data-chart=qps] canvas')"
                        + ".dataset.mark", pay)).isEqualTo("x");

                Number height = (Number) browser.script("return document.documentElement.scrollHeight");
                browser.resize(1400, Math.min(3000, Math.max(1000, height.intValue() + 140)));
                Path png = Path.of("target", "dashboard.png");
                Files.deleteIfExists(png);
                browser.screenshot(png);
                assertThat(Files.size(png)).isGreaterThan(20 * 1024);
            }
        }
    }

    private static void flush(Node... nodes) {
        for (Node node : List.of(nodes)) {
            node.reporter().flush();
        }
    }

    private static int points(ChromeBrowser browser, String card, String chart) {
        Object value = browser.script("var e = document.querySelector(arguments[0] + ' [data-chart=\"' + arguments[1]"
                + " + '\"]'); return e === null ? null : e.getAttribute('data-points')", card, chart);
        return value == null ? -1 : Integer.parseInt(value.toString());
    }
}
