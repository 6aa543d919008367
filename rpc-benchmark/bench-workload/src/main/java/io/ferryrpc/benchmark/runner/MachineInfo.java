package io.ferryrpc.benchmark.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Describes the machine and JVM a comparison runs on, for the report's header. */
public final class MachineInfo {

    private MachineInfo() {}

    /** Returns CPU model, cores, memory, OS and kernel, and the JVM, as report fields. */
    public static Map<String, String> describe() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch")));
        info.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        info.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal").map(MachineInfo::gib).orElse("unknown"));
        info.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        info.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vm.vendor") + ")");
        return info;
    }

    private static java.util.Optional<String> firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    return java.util.Optional.of(line.substring(colon + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or not readable: the caller falls back.
        }
        return java.util.Optional.empty();
    }

    private static String gib(String memTotal) {
        String[] parts = memTotal.split("\\s+");
        try {
            long kib = Long.parseLong(parts[0]);
            return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
        } catch (NumberFormatException e) {
            return memTotal;
        }
    }
}
