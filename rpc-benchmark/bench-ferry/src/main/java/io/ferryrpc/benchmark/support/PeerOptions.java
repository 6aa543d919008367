package io.ferryrpc.benchmark.support;

import io.ferryrpc.benchmark.driver.PeerSettings;
import java.util.Set;
import java.util.TreeSet;

/**
 * A peer's view of its {@code --option key=value} settings: typed getters that name the peer, the option and what
 * was expected, and a check that refuses options the peer does not know, so a typo fails the run instead of
 * silently measuring the default.
 */
public final class PeerOptions {

    private final String peer;
    private final PeerSettings settings;

    private PeerOptions(String peer, PeerSettings settings) {
        this.peer = peer;
        this.settings = settings;
    }

    /**
     * Returns the options of {@code peer}.
     *
     * @throws IllegalArgumentException if an option is not one of {@code known}
     */
    public static PeerOptions of(String peer, PeerSettings settings, Set<String> known) {
        Set<String> unknown = new TreeSet<>(settings.options().keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("peer " + peer + " has no option " + unknown + " (it knows "
                    + new TreeSet<>(known) + ")");
        }
        return new PeerOptions(peer, settings);
    }

    /** Returns the option {@code key} as a positive integer, or {@code fallback} when it is not set. */
    public int positiveInt(String key, int fallback) {
        String value = settings.option(key, null);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below with the expectation.
        }
        throw new IllegalArgumentException("peer " + peer + " option " + key + "=" + value
                + " (expected a positive integer)");
    }

    /** Returns the option {@code key}, which must be one of {@code choices}, or {@code fallback} when it is not set. */
    public String choice(String key, String fallback, Set<String> choices) {
        String value = settings.option(key, fallback);
        if (!choices.contains(value)) {
            throw new IllegalArgumentException("peer " + peer + " option " + key + "=" + value + " (expected one of "
                    + new TreeSet<>(choices) + ")");
        }
        return value;
    }
}
