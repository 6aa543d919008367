package io.ferryrpc.benchmark.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The peers of the comparison and where they live: {@code ferry} (variants {@code executor} and {@code io}, through
 * {@code --option dispatch=...}), {@code netty} (variants {@code default}, canned replies, and {@code codec}, Ferry's
 * serialization, through {@code --option codec=...}) and {@code http} in module bench-ferry, {@code dubbo} in
 * bench-dubbo.
 */
public final class PeerCatalog {

    /** Every peer name, in report order. */
    public static final List<String> NAMES = List.of("ferry", "netty", "http", "dubbo");

    /** Ferry's variants: where the provider runs service methods. */
    public static final List<String> FERRY_VARIANTS = List.of("executor", "io");

    /** Raw Netty's variants: canned replies (the transport's ceiling) or Ferry's codec on both sides. */
    public static final List<String> NETTY_VARIANTS = List.of(PeerSpec.DEFAULT_VARIANT, "codec");

    /** Returns the variants of {@code peer}, in report order. */
    public static List<String> variants(String peer) {
        return switch (peer) {
            case "ferry" -> FERRY_VARIANTS;
            case "netty" -> NETTY_VARIANTS;
            default -> List.of(PeerSpec.DEFAULT_VARIANT);
        };
    }

    private static Map<String, String> options(String peer, String variant) {
        return switch (peer) {
            case "ferry" -> Map.of("dispatch", variant);
            case "netty" -> variant.equals("codec") ? Map.of("codec", "ferry") : Map.of();
            default -> Map.of();
        };
    }

    private PeerCatalog() {}

    /** Returns the module directory, relative to the repository root, whose class path runs {@code peer}. */
    public static String module(String peer) {
        return peer.equals("dubbo") ? "rpc-benchmark/bench-dubbo" : "rpc-benchmark/bench-ferry";
    }

    /** Returns whether {@code peer}'s JVMs must run in a network namespace (Dubbo rewrites 127.0.0.1). */
    public static boolean needsNamespace(String peer) {
        return peer.equals("dubbo");
    }

    /**
     * Expands a {@code --peers} list such as {@code ferry,netty} or {@code ferry:io,dubbo} into peer specs on their
     * modules' class paths under {@code repo}.
     */
    public static List<PeerSpec> resolve(Path repo, List<String> selection) {
        List<PeerSpec> specs = new ArrayList<>();
        for (String item : selection) {
            String name = item.contains(":") ? item.substring(0, item.indexOf(':')) : item;
            String onlyVariant = item.contains(":") ? item.substring(item.indexOf(':') + 1) : null;
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown peer " + name + " (expected one of " + NAMES + ")");
            }
            String classPath = classPath(repo.resolve(module(name)));
            List<String> variants = variants(name);
            if (onlyVariant != null && !variants.contains(onlyVariant)) {
                throw new IllegalArgumentException("unknown " + name + " variant " + onlyVariant
                        + " (expected one of " + variants + ")");
            }
            for (String variant : variants) {
                if (onlyVariant == null || onlyVariant.equals(variant)) {
                    specs.add(new PeerSpec(name, variant, classPath, options(name, variant)));
                }
            }
        }
        return specs;
    }

    /**
     * Returns a module's run-time class path: its {@code target/classes} (if it has classes of its own) followed by
     * the entries of the {@code target/classpath.txt} that its build writes.
     *
     * @throws IllegalStateException if the module has not been built
     */
    public static String classPath(Path module) {
        Path file = module.resolve("target/classpath.txt");
        Path classes = module.resolve("target/classes");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(module + " is not built (no target/classpath.txt); run "
                    + "mvn -B -ntp -q package -DskipTests -pl rpc-benchmark/bench-ferry,rpc-benchmark/bench-dubbo,"
                    + "rpc-benchmark/bench-registry -am");
        }
        try {
            String entries = Files.readString(file).strip();
            String own = Files.isDirectory(classes) ? classes.toString() : "";
            return own.isEmpty() || entries.isEmpty() ? own + entries : own + java.io.File.pathSeparator + entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
