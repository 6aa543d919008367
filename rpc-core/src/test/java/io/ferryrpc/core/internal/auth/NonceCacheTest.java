package io.ferryrpc.core.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class NonceCacheTest {

    @Test
    void remembersTheLastCapacityNoncesAndForgetsTheOldest() {
        NonceCache cache = new NonceCache(3);
        assertThat(cache.firstUse("a")).isTrue();
        assertThat(cache.firstUse("b")).isTrue();
        assertThat(cache.firstUse("c")).isTrue();
        assertThat(cache.firstUse("a")).isFalse();
        assertThat(cache.firstUse("d")).isTrue();
        assertThat(cache.size()).isEqualTo(3);
        // "a" was the oldest and is forgotten: the documented limit of replay detection.
        assertThat(cache.firstUse("a")).isTrue();
        assertThat(cache.firstUse("d")).isFalse();
        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void staysBoundedUnderManyNonces() {
        NonceCache cache = new NonceCache(1000);
        for (int i = 0; i < 100_000; i++) {
            assertThat(cache.firstUse("n" + i)).isTrue();
        }
        assertThat(cache.size()).isEqualTo(1000);
        assertThat(cache.firstUse("n99999")).isFalse();
    }
}
