package io.ferryrpc.benchmark.runner;

import java.util.Map;

/**
 * One peer as the runner starts it: its name for {@code --peer}, a variant name for reports, the class path its JVMs
 * run on, and the {@code --option key=value} pairs that make the variant (given to both server and client).
 */
public record PeerSpec(String peer, String variant, String classPath, Map<String, String> options) {

    /** The variant name of a peer that has only one. */
    public static final String DEFAULT_VARIANT = "default";

    /** Validates and copies. */
    public PeerSpec {
        if (peer.isBlank() || variant.isBlank()) {
            throw new IllegalArgumentException("peer and variant must not be blank");
        }
        options = Map.copyOf(options);
    }

    /** Returns the name used in tables and charts: {@code ferry (io)}, or {@code netty} for a default variant. */
    public String label() {
        return label(peer, variant);
    }

    /** Returns the label of {@code peer} in {@code variant}, as {@link #label()} does. */
    public static String label(String peer, String variant) {
        return variant.equals(DEFAULT_VARIANT) ? peer : peer + " (" + variant + ")";
    }
}
