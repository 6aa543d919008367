package io.ferryrpc.registry.zookeeper;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * A ZooKeeper registry address with its options, parsed from or written as
 * {@code zookeeper://host:port[,host:port...][/chroot][?sessionTimeout=ms&connectTimeout=ms&digest=user:password&snapshot=path]}.
 *
 * <pre>{@code
 * String registry = ZooKeeperAddress.builder()
 *         .hosts("10.0.0.1:2181,10.0.0.2:2181")
 *         .chroot("/shop")
 *         .digest("payments", "secret")
 *         .build()
 *         .toString();
 * RpcServer server = RpcServer.builder().registry(registry).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ZooKeeperAddress {

    /** Default ZooKeeper session timeout: a dead provider disappears from consumers' lists after about this long. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(30);

    /** Default bound on the wait for ZooKeeper when a server or client starts. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final String hosts;
    private final String chroot;
    private final Duration sessionTimeout;
    private final Duration connectTimeout;
    private final String digest;
    private final Path snapshot;

    private ZooKeeperAddress(Builder b) {
        this.hosts = b.hosts;
        this.chroot = b.chroot;
        this.sessionTimeout = b.sessionTimeout;
        this.connectTimeout = b.connectTimeout;
        this.digest = b.digest;
        this.snapshot = b.snapshot;
    }

    /** Returns a new builder; {@link Builder#hosts(String)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses a {@code zookeeper://} address.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static ZooKeeperAddress parse(String address) {
        String prefix = "zookeeper://";
        if (!address.startsWith(prefix)) {
            throw new IllegalArgumentException("registry address: " + address + " (expected: zookeeper://host:port)");
        }
        String rest = address.substring(prefix.length());
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        Builder b = builder();
        int slash = rest.indexOf('/');
        b.hosts(slash >= 0 ? rest.substring(0, slash) : rest);
        if (slash >= 0 && slash < rest.length() - 1) {
            b.chroot(rest.substring(slash));
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("registry address option: " + pair + " (expected: name=value)");
            }
            String name = pair.substring(0, eq);
            String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            switch (name) {
                case "sessionTimeout" -> b.sessionTimeout(Duration.ofMillis(millis(name, value)));
                case "connectTimeout" -> b.connectTimeout(Duration.ofMillis(millis(name, value)));
                case "digest" -> {
                    int colon = value.indexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("digest: expected user:password");
                    }
                    b.digest(value.substring(0, colon), value.substring(colon + 1));
                }
                case "snapshot" -> b.snapshotFile(Path.of(value));
                default -> throw new IllegalArgumentException("unknown registry address option " + name
                        + " (expected: sessionTimeout, connectTimeout, digest, snapshot)");
            }
        }
        return b.build();
    }

    private static long millis(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: milliseconds)", e);
        }
    }

    /** Returns the ZooKeeper connect string, {@code host:port[,host:port...]}. */
    public String hosts() {
        return hosts;
    }

    /** Returns the chroot all nodes live under, such as {@code /shop}, or an empty string for none. */
    public String chroot() {
        return chroot;
    }

    /** Returns the session timeout to ask ZooKeeper for. */
    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    /** Returns the bound on the wait for ZooKeeper at start. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Returns the digest credentials {@code user:password}, if any. */
    public Optional<String> digest() {
        return Optional.ofNullable(digest);
    }

    /** Returns the file that keeps the last known provider lists, if enabled. */
    public Optional<Path> snapshotFile() {
        return Optional.ofNullable(snapshot);
    }

    /** Returns the address as a {@code zookeeper://} string that {@link #parse} reads back. */
    @Override
    public String toString() {
        StringJoiner options = new StringJoiner("&", "?", "").setEmptyValue("");
        if (!sessionTimeout.equals(DEFAULT_SESSION_TIMEOUT)) {
            options.add("sessionTimeout=" + sessionTimeout.toMillis());
        }
        if (!connectTimeout.equals(DEFAULT_CONNECT_TIMEOUT)) {
            options.add("connectTimeout=" + connectTimeout.toMillis());
        }
        if (digest != null) {
            options.add("digest=" + URLEncoder.encode(digest, StandardCharsets.UTF_8));
        }
        if (snapshot != null) {
            options.add("snapshot=" + URLEncoder.encode(snapshot.toString(), StandardCharsets.UTF_8));
        }
        return "zookeeper://" + hosts + chroot + options;
    }

    /** Returns the address without credentials, for logs and error messages. */
    public String redacted() {
        return "zookeeper://" + hosts + chroot;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZooKeeperAddress other && toString().equals(other.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /** Builds a {@link ZooKeeperAddress}; not thread-safe. */
    public static final class Builder {
        private String hosts;
        private String chroot = "";
        private Duration sessionTimeout = DEFAULT_SESSION_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private String digest;
        private Path snapshot;

        private Builder() {}

        /** The ensemble, {@code host:port[,host:port...]}. */
        public Builder hosts(String hosts) {
            Objects.requireNonNull(hosts, "hosts");
            for (String host : hosts.split(",")) {
                int colon = host.lastIndexOf(':');
                if (colon <= 0 || colon == host.length() - 1) {
                    throw new IllegalArgumentException("hosts: " + hosts + " (expected: host:port[,host:port...])");
                }
            }
            this.hosts = hosts;
            return this;
        }

        /** A path all of Ferry's nodes live under, such as {@code /shop}; default none. */
        public Builder chroot(String chroot) {
            Objects.requireNonNull(chroot, "chroot");
            if (!chroot.isEmpty() && (!chroot.startsWith("/") || chroot.endsWith("/"))) {
                throw new IllegalArgumentException("chroot: " + chroot + " (expected: /a/b)");
            }
            this.chroot = chroot;
            return this;
        }

        /** The session timeout; a provider that dies leaves the lists after about this long. Default 30 s. */
        public Builder sessionTimeout(Duration sessionTimeout) {
            this.sessionTimeout = positive(sessionTimeout, "sessionTimeout");
            return this;
        }

        /** How long a starting server or client waits for ZooKeeper before it fails; default 10 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * Digest credentials: nodes this identity creates are writable only by it (and readable by all), so nobody
         * else can register a fake provider or delete a real one.
         */
        public Builder digest(String user, String password) {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            this.digest = user + ":" + password;
            return this;
        }

        /**
         * A file that keeps the last known provider lists; a client that starts while ZooKeeper is unreachable
         * then starts from it instead of failing. Default none.
         */
        public Builder snapshotFile(Path snapshot) {
            this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
            return this;
        }

        /** Returns the address. */
        public ZooKeeperAddress build() {
            if (hosts == null) {
                throw new IllegalStateException("hosts is required");
            }
            return new ZooKeeperAddress(this);
        }

        private static Duration positive(Duration value, String name) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
            }
            return value;
        }
    }
}
