package io.ferryrpc.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.awaitility.Awaitility;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Proves that the leak detection the whole build relies on really sees a leaked buffer. */
@Timeout(30)
class LeakRecorderTest {

    @Test
    void aLeakedBufferIsRecorded() {
        assertThat(LeakRecorder.isInstalled()).isTrue();
        leak();
        List<String> seen = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            seen.addAll(LeakRecorder.collect());
            return !seen.isEmpty();
        });
        assertThat(seen.get(0)).contains("ByteBuf");
    }

    private static void leak() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        buf.writeLong(42);
    }
}
