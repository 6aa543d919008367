package io.ferryrpc.registry.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A small switched network made of Linux network namespaces: a "switch" namespace holding a bridge, and one
 * namespace per node joined to the bridge by a veth pair. The node end of each pair is {@code eth0} with the node's
 * address; the bridge end has no address. Nothing is created in the root namespace, so no traffic can leave the
 * test's own namespaces. Needs root and iproute2's {@code ip}.
 *
 * <p>{@link #close()} ends every process left in the namespaces and deletes them (which deletes the veth pairs);
 * a shutdown hook does the same if the JVM ends first.
 */
final class NetworkNamespaces implements AutoCloseable {

    /** A namespace joined to the switch. */
    record Node(String name, String namespace, String address, String switchPort) {}

    private final String ip;
    private final String prefix;
    private final String switchNamespace;
    private final List<String> namespaces = new ArrayList<>();
    private final Thread shutdownHook;
    private boolean closed;

    private NetworkNamespaces(String ip, String prefix) {
        this.ip = ip;
        this.prefix = prefix;
        this.switchNamespace = prefix + "-sw";
        this.shutdownHook = new Thread(this::deleteAll, "delete-" + prefix);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Returns why namespaces cannot be used here (not root, no {@code ip} command, {@code ip netns add} refused),
     * or empty if they can.
     */
    static Optional<String> unavailableReason() {
        if (!isRoot()) {
            return Optional.of("network namespaces need root");
        }
        Optional<String> ip = findIp();
        if (ip.isEmpty()) {
            return Optional.of("iproute2's ip command is missing");
        }
        String probe = "ferry-chaos-probe-" + ProcessHandle.current().pid();
        try {
            run(ip.get(), "netns", "add", probe);
            run(ip.get(), "netns", "delete", probe);
            return Optional.empty();
        } catch (IOException | AssertionError e) {
            return Optional.of("this machine does not allow network namespaces (" + e.getMessage().strip() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while probing for network namespaces");
        }
    }

    /** Creates the switch namespace with its bridge; the name prefix gets this JVM's pid and a random suffix. */
    static NetworkNamespaces create(String prefix) throws IOException, InterruptedException {
        String unique = prefix + "-" + ProcessHandle.current().pid() + "-"
                + Integer.toUnsignedString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        NetworkNamespaces network = new NetworkNamespaces(findIp().orElseThrow(), unique);
        try {
            network.addNamespace(network.switchNamespace);
            network.ipIn(network.switchNamespace, "link", "add", "br0", "type", "bridge", "stp_state", "0",
                    "forward_delay", "0");
            network.ipIn(network.switchNamespace, "link", "set", "br0", "up");
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            network.close();
            throw e;
        }
        return network;
    }

    /** Adds a node namespace named after {@code name} with {@code address} (CIDR, e.g. 10.251.0.11/24). */
    Node addNode(String name, String cidr) throws IOException, InterruptedException {
        String namespace = prefix + "-" + name;
        String switchPort = "s-" + name;
        String nodePort = "n-" + name;
        addNamespace(namespace);
        // The pair is made inside the switch namespace and one end moved, so it never exists in the root namespace.
        ipIn(switchNamespace, "link", "add", nodePort, "type", "veth", "peer", "name", switchPort);
        ipIn(switchNamespace, "link", "set", nodePort, "netns", namespace);
        ipIn(namespace, "link", "set", nodePort, "name", "eth0");
        ipIn(namespace, "addr", "add", cidr, "dev", "eth0");
        ipIn(namespace, "link", "set", "lo", "up");
        ipIn(namespace, "link", "set", "eth0", "up");
        ipIn(switchNamespace, "link", "set", switchPort, "master", "br0");
        ipIn(switchNamespace, "link", "set", switchPort, "up");
        Node node = new Node(name, namespace, cidr.substring(0, cidr.indexOf('/')), switchPort);
        return node;
    }

    /** Takes the node's switch port down: the node is cut off from everyone, its sockets stay open. */
    void linkDown(Node node) throws IOException, InterruptedException {
        ipIn(switchNamespace, "link", "set", node.switchPort(), "down");
    }

    /** Brings the node's switch port back up. */
    void linkUp(Node node) throws IOException, InterruptedException {
        ipIn(switchNamespace, "link", "set", node.switchPort(), "up");
    }

    /** Returns a process builder running {@code command} inside the node's namespace. */
    ProcessBuilder exec(Node node, List<String> command) {
        List<String> full = new ArrayList<>(List.of(ip, "netns", "exec", node.namespace()));
        full.addAll(command);
        return new ProcessBuilder(full);
    }

    /** Returns the output lines of {@code ip args...} run inside the node's namespace. */
    List<String> ip(Node node, String... args) throws IOException, InterruptedException {
        return ipIn(node.namespace(), args);
    }

    /** Returns the names of the namespaces created and not yet deleted. */
    synchronized List<String> namespaces() {
        return List.copyOf(namespaces);
    }

    /** Ends every process in the namespaces and deletes them; idempotent. */
    @Override
    public void close() {
        deleteAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or has run.
        }
    }

    private synchronized void deleteAll() {
        if (closed) {
            return;
        }
        closed = true;
        // Nodes first, the switch last: deleting a node's namespace deletes its veth pair with it.
        List<String> order = new ArrayList<>(namespaces);
        java.util.Collections.reverse(order);
        for (String ns : order) {
            try {
                for (String pid : run(ip, "netns", "pids", ns)) {
                    ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(p -> {
                        p.destroyForcibly();
                        p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> p).join();
                    });
                }
                run(ip, "netns", "delete", ns);
                namespaces.remove(ns);
            } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
                System.err.println("could not delete network namespace " + ns + ": " + e);
            }
        }
    }

    private synchronized void addNamespace(String ns) throws IOException, InterruptedException {
        run(ip, "netns", "add", ns);
        namespaces.add(ns);
    }

    private List<String> ipIn(String namespace, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ip, "-n", namespace));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    /** Runs a short command and returns its output lines; fails on a non-zero exit. */
    static List<String> run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + ": did not end");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + ": exit " + p.exitValue() + ": " + text);
        }
        return text.lines().filter(line -> !line.isBlank()).toList();
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<String> findIp() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(":")), Stream.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "ip"))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst();
    }
}
