package io.ferryrpc.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Which failures eject a provider, with send times given explicitly. */
@Timeout(10)
class OutlierStateTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void fiveFailuresInARowOfCallsSentAfterTheLastAnswerEject() {
        OutlierState state = new OutlierState();
        long t = System.nanoTime();
        state.onSuccess(false, t);
        for (int i = 1; i <= 4; i++) {
            state.onFailure("p:1", false, t + i * MS);
            assertThat(state.tryAdmit()).isEqualTo(OutlierState.Admission.NORMAL);
        }
        state.onFailure("p:1", false, t + 5 * MS);

        assertThat(state.tryAdmit()).isEqualTo(OutlierState.Admission.REFUSED);
    }

    @Test
    void aBatchOfTimeoutsOfCallsSentBeforeAnAnsweredOneDoesNotEject() {
        // Calls sent at t+0..t+9 ms time out together when the timer fires; meanwhile calls sent later, at t+20 ms,
        // were answered: the provider is fine, those methods were just slow.
        OutlierState state = new OutlierState();
        long t = System.nanoTime();
        state.onSuccess(false, t + 20 * MS);
        for (int i = 0; i < 10; i++) {
            state.onFailure("p:1", false, t + i * MS);
        }

        assertThat(state.tryAdmit()).isEqualTo(OutlierState.Admission.NORMAL);
    }

    @Test
    void anAnswerResetsTheCountAndOnlyLaterFailuresCount() {
        OutlierState state = new OutlierState();
        long t = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            state.onFailure("p:1", false, t + i * MS);
        }
        state.onSuccess(false, t + 10 * MS);
        for (int i = 0; i < 4; i++) {
            state.onFailure("p:1", false, t + (20 + i) * MS);
        }
        assertThat(state.tryAdmit()).as("4 failures since the answer").isEqualTo(OutlierState.Admission.NORMAL);

        state.onFailure("p:1", false, t + 30 * MS);
        assertThat(state.tryAdmit()).isEqualTo(OutlierState.Admission.REFUSED);
    }

    @Test
    void aFailedProbeAlwaysCountsAndExtendsTheEjection() {
        OutlierState state = new OutlierState();
        long t = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            state.onFailure("p:1", false, t + i * MS);
        }
        assertThat(state.tryAdmit()).isEqualTo(OutlierState.Admission.REFUSED);
        // A probe sent before a later answer still decides: its failure keeps the provider ejected.
        state.onSuccess(false, t + 100 * MS);
        state.onFailure("p:1", true, t + 50 * MS);
        assertThat(state.tryAdmit()).isEqualTo(OutlierState.Admission.REFUSED);
    }
}
