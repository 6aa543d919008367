package io.ferryrpc.benchmark.runner;

import java.time.Duration;

/**
 * One measurement: a peer, an operation, a concurrency and an echo payload size, with the warm-up, the measured
 * window and the per-call timeout that the client JVM gets.
 */
public record Scenario(PeerSpec peer, String operation, int concurrency, int payloadSize, Duration warmup,
        Duration window, Duration timeout) {

    /** Validates. */
    public Scenario {
        if (concurrency < 1 || payloadSize < 0) {
            throw new IllegalArgumentException("concurrency " + concurrency + ", payload " + payloadSize
                    + " (expected concurrency >= 1 and payload >= 0)");
        }
    }

    /** Returns a file-name-safe name such as {@code ferry-io-getUser-c32-p100}. */
    public String fileName() {
        return (peer.peer() + "-" + peer.variant() + "-" + operation + "-c" + concurrency + "-p" + payloadSize)
                .replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Returns a short description for progress lines and failure messages. */
    public String describe() {
        return peer.label() + " " + operation + " c=" + concurrency + (operation.equals("echo") ? " payload="
                + payloadSize + "B" : "");
    }
}
