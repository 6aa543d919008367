package io.ferryrpc.benchmark.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Replacing generated sections keeps the hand-written text around them. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DocsFileTest {

    @Test
    void replacesOnlyBetweenTheMarkers() {
        String doc = "# Benchmarks\n\nHand-written intro.\n\n" + DocsFile.begin("core") + "\nold table\n"
                + DocsFile.end("core") + "\n\nHand-written analysis.\n";

        String updated = DocsFile.replace(doc, "core", "new table");

        assertThat(updated).isEqualTo("# Benchmarks\n\nHand-written intro.\n\n" + DocsFile.begin("core")
                + "\nnew table\n" + DocsFile.end("core") + "\n\nHand-written analysis.\n");
        assertThat(DocsFile.replace(updated, "core", "new table")).as("idempotent").isEqualTo(updated);
    }

    @Test
    void appendsASectionWhoseMarkersAreMissing() {
        String updated = DocsFile.replace("Intro.\n", "registry", "numbers\n");

        assertThat(updated).isEqualTo("Intro.\n\n" + DocsFile.begin("registry") + "\nnumbers\n"
                + DocsFile.end("registry") + "\n");
    }

    @Test
    void refusesBrokenMarkers() {
        assertThatThrownBy(() -> DocsFile.replace(DocsFile.end("core") + DocsFile.begin("core"), "core", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DocsFile.replace(DocsFile.begin("core") + "\n", "core", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void updatesAFileSectionBySection(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("docs/benchmarks.md");
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("environment", "env 1");
        sections.put("core", "core 1");
        DocsFile.update(file, sections);
        Files.writeString(file, Files.readString(file).replace(DocsFile.begin("core"), "Analysis stays.\n\n"
                + DocsFile.begin("core")));

        DocsFile.update(file, Map.of("core", "core 2"));

        String doc = Files.readString(file);
        assertThat(doc).contains("env 1", "Analysis stays.", "core 2").doesNotContain("core 1");
    }
}
