package io.ferryrpc.monitor.center.internal;

/**
 * Writes JSON text with commas and escaping handled, so that views need no JSON library on the classpath.
 * Non-finite numbers become {@code null}, as JSON has no NaN.
 */
final class JsonWriter {

    private final StringBuilder out = new StringBuilder(4096);
    private boolean needComma;

    JsonWriter beginObject() {
        separate();
        out.append('{');
        needComma = false;
        return this;
    }

    JsonWriter endObject() {
        out.append('}');
        needComma = true;
        return this;
    }

    JsonWriter beginArray() {
        separate();
        out.append('[');
        needComma = false;
        return this;
    }

    JsonWriter endArray() {
        out.append(']');
        needComma = true;
        return this;
    }

    /** Writes a member name; the next value is its value. */
    JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        needComma = false;
        return this;
    }

    JsonWriter value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        needComma = true;
        return this;
    }

    JsonWriter value(long value) {
        separate();
        out.append(value);
        needComma = true;
        return this;
    }

    JsonWriter value(double value) {
        separate();
        if (Double.isFinite(value)) {
            out.append(value);
        } else {
            out.append("null");
        }
        needComma = true;
        return this;
    }

    JsonWriter nullValue() {
        separate();
        out.append("null");
        needComma = true;
        return this;
    }

    private void separate() {
        if (needComma) {
            out.append(',');
            needComma = false;
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        // Also escapes markup characters, so a value can never close a script element.
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
