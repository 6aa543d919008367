package io.ferryrpc.examples.shop.node;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Parses option values of the form {@code key=value,key=value}. */
public final class KeyValues {

    private KeyValues() {}

    /**
     * Parses {@code text} into an ordered map, converting each value with {@code convert}.
     *
     * @throws IllegalArgumentException if a pair has no {@code =} or a value does not convert
     */
    public static <V> Map<String, V> parse(String option, String text, Function<String, V> convert) {
        Map<String, V> result = new LinkedHashMap<>();
        if (text.isBlank()) {
            return result;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(option + ": expected key=value, got " + pair);
            }
            try {
                result.put(pair.substring(0, eq).trim(), convert.apply(pair.substring(eq + 1).trim()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(option + ": bad value in " + pair + ": " + e.getMessage(), e);
            }
        }
        return result;
    }
}
