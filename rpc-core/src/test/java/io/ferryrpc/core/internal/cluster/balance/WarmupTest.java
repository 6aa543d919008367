package io.ferryrpc.core.internal.cluster.balance;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.core.internal.invoke.Candidate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A newly started provider's weight ramps up linearly over the warm-up period. */
@Timeout(10)
class WarmupTest {

    @Test
    void weightRampsFromAlmostNothingToTheRegisteredValue() {
        long now = System.currentTimeMillis();
        assertThat(new Candidate(null, 100, now, 10_000, null).weight()).isBetween(1, 2);
        assertThat(new Candidate(null, 100, now - 5_000, 10_000, null).weight()).isBetween(49, 51);
        assertThat(new Candidate(null, 100, now - 60_000, 10_000, null).weight()).isEqualTo(100);
        assertThat(new Candidate(null, 100, now, 0, null).weight()).isEqualTo(100);
    }
}
