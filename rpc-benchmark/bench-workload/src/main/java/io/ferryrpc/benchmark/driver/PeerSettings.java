package io.ferryrpc.benchmark.driver;

import java.time.Duration;
import java.util.Map;

/**
 * What a scenario tells its peer: the call timeout, the echo payload size, and peer-specific options given as
 * {@code --option key=value} (for example Ferry's provider executor mode), which a peer documents and validates.
 */
public record PeerSettings(Duration timeout, int payloadSize, Map<String, String> options) {

    /** Validates and copies. */
    public PeerSettings {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected > 0)");
        }
        if (payloadSize < 0) {
            throw new IllegalArgumentException("payloadSize: " + payloadSize + " (expected >= 0)");
        }
        options = Map.copyOf(options);
    }

    /** Returns the option {@code key}, or {@code fallback} when it is not set. */
    public String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }
}
