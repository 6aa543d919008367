package io.ferryrpc.benchmark.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.benchmark.driver.RunResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The RESULT-line reader: round trips of the driver's own JSON, nesting, escapes and errors. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class JsonTest {

    @Test
    void readsBackWhatTheDriverPrints() {
        RunResult r = new RunResult("ferry", "io", "getUser", 32, 100, 123456, 7, 2, 10.0, 12345.6, 81.5, 90.5,
                250.0, 1234.5, 9876.5, 3.25, "java.util.concurrent.TimeoutException: \"late\"\n\tat x");

        RunResult back = Outcome.runResult(Json.parseObject(r.toJson()));

        assertThat(back).isEqualTo(r);
    }

    @Test
    void readsANullFirstError() {
        RunResult r = new RunResult("dubbo", "default", "echo", 1, 1048576, 10, 0, 0, 3.0, 3.3, 1, 2, 3, 4, 5, 6,
                null);

        assertThat(Outcome.runResult(Json.parseObject(r.toJson())).firstError()).isNull();
    }

    @Test
    void readsNestedValuesAndEscapes() {
        Map<String, Object> m = Json.parseObject(
                " {\"a\": [1, -2.5e1, true, false, null], \"b\": {\"c\": \"x\\u0041\\/\\\\\"}, \"d\": []} ");

        assertThat(m.get("a")).isEqualTo(java.util.Arrays.asList(1L, -25.0, true, false, null));
        assertThat(m.get("b")).isEqualTo(Map.of("c", "xA/\\"));
        assertThat(m.get("d")).isEqualTo(List.of());
    }

    @Test
    void outcomesRoundTripThroughTheResultsFile() {
        PeerSpec peer = new PeerSpec("netty", PeerSpec.DEFAULT_VARIANT, "cp", Map.of());
        Scenario s = new Scenario(peer, "echo", 32, 1024, java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1));
        Outcome failed = Outcome.failed(s, "server \"gone\"");

        assertThat(Outcome.fromJson(Json.parseObject(failed.toJson()))).isEqualTo(failed);
    }

    @Test
    void rejectsMalformedInput() {
        assertThatThrownBy(() -> Json.parseObject("{\"a\":1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset");
        assertThatThrownBy(() -> Json.parseObject("{\"a\":1} x")).hasMessageContaining("unexpected text");
        assertThatThrownBy(() -> Json.parseObject("[1]")).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> Outcome.runResult(Json.parseObject("{\"peer\":\"x\"}")))
                .hasMessageContaining("variant");
    }
}
