package io.ferryrpc.benchmark.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Replaces generated sections of a Markdown file between {@code <!-- results:NAME:begin -->} and
 * {@code <!-- results:NAME:end -->} markers, so that hand-written text around them survives regeneration. A section
 * whose markers are missing is appended at the end, with its markers.
 */
public final class DocsFile {

    private DocsFile() {}

    /** Returns the begin marker of section {@code name}. */
    public static String begin(String name) {
        return "<!-- results:" + name + ":begin -->";
    }

    /** Returns the end marker of section {@code name}. */
    public static String end(String name) {
        return "<!-- results:" + name + ":end -->";
    }

    /**
     * Returns {@code doc} with the text between section {@code name}'s markers replaced by {@code content}.
     *
     * @throws IllegalArgumentException if only one marker is there, or they are out of order or repeated
     */
    public static String replace(String doc, String name, String content) {
        String b = begin(name);
        String e = end(name);
        int from = doc.indexOf(b);
        int to = doc.indexOf(e);
        String body = content.endsWith("\n") ? content : content + "\n";
        if (from < 0 && to < 0) {
            String sep = doc.isEmpty() || doc.endsWith("\n\n") ? "" : doc.endsWith("\n") ? "\n" : "\n\n";
            return doc + sep + b + "\n" + body + e + "\n";
        }
        if (from < 0 || to < 0 || to < from || doc.indexOf(b, from + 1) >= 0 || doc.indexOf(e, to + 1) >= 0) {
            throw new IllegalArgumentException("the markers of section " + name + " are not one " + b + " followed by"
                    + " one " + e);
        }
        return doc.substring(0, from + b.length()) + "\n" + body + doc.substring(to);
    }

    /** Rewrites the sections of the file at {@code path} (created if missing), in the given order. */
    public static void update(Path path, Map<String, String> sections) throws IOException {
        String doc = Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
        for (Map.Entry<String, String> section : sections.entrySet()) {
            doc = replace(doc, section.getKey(), section.getValue());
        }
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        Files.writeString(path, doc, StandardCharsets.UTF_8);
    }
}
