package io.ferryrpc.examples.shop.order;

import java.util.Map;
import java.util.TreeMap;

/** The little JSON writing the summaries need; the examples take no JSON library for it. */
public final class Json {

    private Json() {}

    /** Returns {@code s} as a JSON string literal. */
    public static String string(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Returns a map of counts as a JSON object, keys sorted. */
    public static String counts(Map<String, Integer> counts) {
        StringBuilder out = new StringBuilder("{");
        String sep = "";
        for (Map.Entry<String, Integer> e : new TreeMap<>(counts).entrySet()) {
            out.append(sep).append(string(e.getKey())).append(':').append(e.getValue());
            sep = ",";
        }
        return out.append('}').toString();
    }
}
