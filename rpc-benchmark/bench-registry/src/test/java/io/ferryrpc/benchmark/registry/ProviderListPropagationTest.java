package io.ferryrpc.benchmark.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A small propagation run: every consumer observes every change, in both modes, and the JSON line is complete. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProviderListPropagationTest {

    @Test
    void everyClientSeesEveryChange() throws Exception {
        ProviderListPropagation.Result result = ProviderListPropagation.run(
                new ProviderListPropagation.Config(5, 3, true, Duration.ofSeconds(20), 2), line -> { });

        assertThat(result.seenNanos()).hasNumberOfRows(3);
        for (long[] change : result.seenNanos()) {
            assertThat(change).hasSize(5);
            assertThat(Arrays.stream(change).allMatch(n -> n > 0)).as(Arrays.toString(change)).isTrue();
        }
        assertThat(result.completeChanges()).isEqualTo(3);
        assertThat(result.missedNotifications()).isZero();
        assertThat(result.toJson()).startsWith("{\"bench\":\"providerListPropagation\"")
                .contains("\"mode\":\"client\"", "\"consumers\":5", "\"completeChanges\":3",
                        "\"missedNotifications\":0", "\"allSeenMillis\":{\"count\":3,", "\"perConsumerMillis\":"
                        + "{\"count\":15,");
    }

    @Test
    void everyRegistrySubscriptionSeesEveryChange() throws Exception {
        ProviderListPropagation.Result result = ProviderListPropagation.run(
                new ProviderListPropagation.Config(5, 2, false, Duration.ofSeconds(20), 0), line -> { });

        assertThat(result.completeChanges()).isEqualTo(2);
        assertThat(result.toJson()).contains("\"mode\":\"registry\"");
    }

    @Test
    void percentilesAreNearestRank() {
        assertThat(ProviderListPropagation.Result.stats(java.util.List.of(4.0, 1.0, 3.0, 2.0)))
                .isEqualTo("{\"count\":4,\"min\":1.00,\"p50\":2.00,\"p90\":4.00,\"p99\":4.00,\"max\":4.00,"
                        + "\"mean\":2.50}");
    }
}
