package io.ferryrpc.core.internal.cluster.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ferryrpc.core.spi.Endpoint;
import io.ferryrpc.core.spi.LoadBalancer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Distribution checks of the built-in balancers over synthetic providers; each could fail on a wrong balancer. */
@Timeout(30)
class LoadBalancerTest {

    /** A provider with settable load figures. */
    record Fake(String address, int weight, int active, long latencyEwmaNanos) implements Endpoint {}

    private static Map<String, Integer> count(LoadBalancer lb, List<Fake> providers, int calls) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < calls; i++) {
            counts.merge(lb.select(providers, "svc", "m", new Object[] {i}).address(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void weightedRandomFollowsTheWeightsWithinAFewPercent() {
        List<Fake> providers = List.of(new Fake("a", 100, 0, 0), new Fake("b", 200, 0, 0), new Fake("c", 700, 0, 0));
        Map<String, Integer> counts = count(LoadBalancer.weightedRandom(), providers, 10_000);
        assertThat(counts.get("a") / 10_000.0).isCloseTo(0.1, within(0.02));
        assertThat(counts.get("b") / 10_000.0).isCloseTo(0.2, within(0.025));
        assertThat(counts.get("c") / 10_000.0).isCloseTo(0.7, within(0.03));
    }

    @Test
    void smoothRoundRobinGivesNginxsExactSequence() {
        List<Fake> providers = List.of(new Fake("a", 5, 0, 0), new Fake("b", 1, 0, 0), new Fake("c", 1, 0, 0));
        LoadBalancer lb = LoadBalancer.roundRobin();
        List<String> sequence = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            sequence.add(lb.select(providers, "svc", "m", new Object[0]).address());
        }
        assertThat(sequence).containsExactly("a", "a", "b", "a", "c", "a", "a", "a", "a", "b", "a", "c", "a", "a");
    }

    @Test
    void leastActivePrefersTheIdleProvider() {
        List<Fake> providers = List.of(new Fake("busy", 100, 7, 0), new Fake("idle", 100, 0, 0),
                new Fake("busier", 500, 9, 0));
        assertThat(count(LoadBalancer.leastActive(), providers, 1_000)).containsOnlyKeys("idle");
        List<Fake> tied = List.of(new Fake("x", 100, 1, 0), new Fake("y", 300, 1, 0), new Fake("z", 100, 5, 0));
        Map<String, Integer> counts = count(LoadBalancer.leastActive(), tied, 10_000);
        assertThat(counts).doesNotContainKey("z");
        assertThat(counts.get("y") / 10_000.0).isCloseTo(0.75, within(0.03));
    }

    @Test
    void consistentHashKeepsKeysAndMovesOnlyTheLeaversShare() {
        LoadBalancer lb = LoadBalancer.consistentHash(0);
        List<Fake> four = List.of(new Fake("p1", 1, 0, 0), new Fake("p2", 1, 0, 0), new Fake("p3", 1, 0, 0),
                new Fake("p4", 1, 0, 0));
        Map<Integer, String> before = new HashMap<>();
        for (int key = 0; key < 10_000; key++) {
            before.put(key, lb.select(four, "svc", "m", new Object[] {"user-" + key}).address());
            assertThat(lb.select(four, "svc", "m", new Object[] {"user-" + key}).address())
                    .isEqualTo(before.get(key));
        }
        List<Fake> three = List.of(four.get(0), four.get(1), four.get(3));
        int moved = 0;
        for (int key = 0; key < 10_000; key++) {
            String after = lb.select(three, "svc", "m", new Object[] {"user-" + key}).address();
            if (!after.equals(before.get(key))) {
                moved++;
                assertThat(before.get(key)).as("only p3's keys move").isEqualTo("p3");
            }
        }
        assertThat(moved / 10_000.0).isCloseTo(0.25, within(0.07));
    }

    @Test
    void powerOfTwoChoicesSendsMostTrafficAwayFromASlowProvider() {
        List<Fake> providers = List.of(new Fake("fast1", 100, 1, 1_000_000), new Fake("fast2", 100, 1, 1_200_000),
                new Fake("slow", 100, 1, 50_000_000));
        Map<String, Integer> counts = count(LoadBalancer.powerOfTwoChoices(), providers, 9_000);
        assertThat(counts.getOrDefault("slow", 0)).isZero();
        assertThat(counts.get("fast1") + counts.get("fast2")).isEqualTo(9_000);
    }

    @Test
    void namesResolveToTheBuiltIns() {
        for (String name : List.of("random", "roundrobin", "leastactive", "consistenthash", "p2c")) {
            assertThat(LoadBalancer.named(name).name()).isEqualTo(name);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoadBalancer.named("fastest"))
                .hasMessageContaining("expected one of");
    }
}
