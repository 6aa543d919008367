package io.ferryrpc.core;

import io.ferryrpc.core.internal.tls.TlsContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * TLS for a provider's or a consumer's connections, given to {@link RpcServer.Builder#tls(TlsConfig)} or
 * {@link RpcClient.Builder#tls(TlsConfig)}.
 *
 * <pre>{@code
 * TlsConfig serverTls = TlsConfig.server(Path.of("server-chain.pem"), Path.of("server-key.pem"))
 *         .requireClientCertificates(Path.of("clients-ca.pem"))   // optional: mutual TLS
 *         .build();
 * TlsConfig clientTls = TlsConfig.client()
 *         .trustedCertificates(Path.of("ca.pem"))
 *         .keyPair(Path.of("client-chain.pem"), Path.of("client-key.pem"))   // for mutual TLS
 *         .build();
 * }</pre>
 *
 * <p>Certificates are PEM files ({@code -----BEGIN CERTIFICATE-----}, leaf first in a chain); private keys are
 * unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}) with an RSA, EC or EdDSA key. Encrypted keys and the
 * legacy {@code BEGIN RSA PRIVATE KEY} / {@code BEGIN EC PRIVATE KEY} formats are refused with the openssl command
 * that converts them. Files are read once, by {@code build()}, which fails with an
 * {@link IllegalArgumentException} naming any file that cannot be read or used (or a key that does not belong to
 * its certificate); to rotate certificates, build a new server or client. The JDK's TLS implementation is used,
 * through Netty, with forward-secret AEAD cipher suites only (TLS 1.3's AES-GCM and ChaCha20-Poly1305 suites;
 * for TLS 1.2, ECDHE with AES-GCM or ChaCha20-Poly1305). Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class TlsConfig {

    /** The protocol versions used unless {@code protocols(...)} says otherwise. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** How long a handshake may take unless {@code handshakeTimeout(...)} says otherwise. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
    private static final Set<String> ALLOWED_PROTOCOLS = Set.copyOf(DEFAULT_PROTOCOLS);

    private final boolean server;
    private final Path certificateChain;
    private final Path trustedCertificates;
    private final boolean verifyHostname;
    private final List<String> protocols;
    private final Duration handshakeTimeout;
    private final TlsContext context;

    private TlsConfig(boolean server, Path certificateChain, Path trustedCertificates,
            boolean verifyHostname, List<String> protocols, Duration handshakeTimeout, TlsContext context) {
        this.server = server;
        this.certificateChain = certificateChain;
        this.trustedCertificates = trustedCertificates;
        this.verifyHostname = verifyHostname;
        this.protocols = protocols;
        this.handshakeTimeout = handshakeTimeout;
        this.context = context;
    }

    /**
     * Starts a provider's configuration: the certificate chain it presents (leaf first) and the leaf's private key.
     */
    public static ServerBuilder server(Path certificateChain, Path privateKey) {
        return new ServerBuilder(Objects.requireNonNull(certificateChain, "certificateChain"),
                Objects.requireNonNull(privateKey, "privateKey"));
    }

    /**
     * Starts a consumer's configuration; it must say whom to trust, with
     * {@link ClientBuilder#trustedCertificates(Path)} or {@link ClientBuilder#trustJdkDefaultCertificates()}.
     */
    public static ClientBuilder client() {
        return new ClientBuilder();
    }

    /** Returns whether this configures a provider ({@link #server}) rather than a consumer ({@link #client}). */
    public boolean isServer() {
        return server;
    }

    /**
     * Returns whether the peer must present a certificate chaining to {@link #trustedCertificates()}: for a provider
     * whether client certificates are required, for a consumer always true (a provider's certificate is always
     * checked).
     */
    public boolean verifiesPeer() {
        return !server || trustedCertificates != null;
    }

    /**
     * Returns the PEM file of the CA certificates peers must chain to; empty on a provider without client
     * certificates, and on a consumer that trusts the JDK's default CAs.
     */
    public java.util.Optional<Path> trustedCertificates() {
        return java.util.Optional.ofNullable(trustedCertificates);
    }

    /** Returns whether a consumer checks that the provider's certificate names the address it dialled. */
    public boolean verifiesHostname() {
        return verifyHostname;
    }

    /** Returns the TLS protocol versions allowed, most preferred first. */
    public List<String> protocols() {
        return protocols;
    }

    /** Returns how long a handshake may take before the connection is closed. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    TlsContext context() {
        return context;
    }

    /** Describes the settings (file names, not their contents). */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(server ? "TLS server" : "TLS client");
        if (certificateChain != null) {
            s.append(", certificate ").append(certificateChain);
        }
        if (server) {
            s.append(trustedCertificates != null ? ", client certificates required (CAs " + trustedCertificates + ")"
                    : ", no client certificates");
        } else {
            s.append(trustedCertificates != null ? ", trusting " + trustedCertificates : ", trusting the JDK's CAs");
            s.append(verifyHostname ? ", hostname verified" : ", hostname NOT verified");
        }
        return s.append(", ").append(String.join("/", protocols)).append(", handshake timeout ")
                .append(handshakeTimeout.toMillis()).append(" ms").toString();
    }

    private static List<String> checkProtocols(String... protocols) {
        if (protocols.length == 0) {
            throw new IllegalArgumentException("protocols: none (expected: TLSv1.3 and/or TLSv1.2)");
        }
        for (String p : protocols) {
            if (!ALLOWED_PROTOCOLS.contains(Objects.requireNonNull(p, "protocol"))) {
                throw new IllegalArgumentException("protocols: " + p
                        + " (expected: TLSv1.3 and/or TLSv1.2; older versions are not safe)");
            }
        }
        List<String> list = List.of(protocols);
        if (Set.copyOf(list).size() != list.size()) {
            throw new IllegalArgumentException("protocols: " + list + " (expected: each at most once)");
        }
        return list;
    }

    /** Builds a provider's {@link TlsConfig}; not thread-safe. */
    public static final class ServerBuilder {
        private final Path certificateChain;
        private final Path privateKey;
        private Path clientCas;
        private List<String> protocols = DEFAULT_PROTOCOLS;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;

        private ServerBuilder(Path certificateChain, Path privateKey) {
            this.certificateChain = certificateChain;
            this.privateKey = privateKey;
        }

        /**
         * Requires mutual TLS: every consumer must present a certificate chaining to one of the CA certificates in
         * this PEM file, or its handshake fails before any call is read. Default: no client certificates.
         */
        public ServerBuilder requireClientCertificates(Path trustedCaCertificates) {
            this.clientCas = Objects.requireNonNull(trustedCaCertificates, "trustedCaCertificates");
            return this;
        }

        /** The TLS versions allowed, {@code TLSv1.3} and/or {@code TLSv1.2}; default both. */
        public ServerBuilder protocols(String... protocols) {
            this.protocols = checkProtocols(protocols);
            return this;
        }

        /** How long a consumer's handshake may take before its connection is closed; default 5 s. */
        public ServerBuilder handshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = RpcServer.Builder.positive(handshakeTimeout, "handshakeTimeout");
            return this;
        }

        /**
         * Reads the files and returns the configuration.
         *
         * @throws IllegalArgumentException naming a file that cannot be read, holds no usable certificate or key,
         *     or whose key does not belong to the chain's first certificate
         */
        public TlsConfig build() {
            TlsContext context = TlsContext.server(certificateChain, privateKey, clientCas, protocols,
                    handshakeTimeout);
            return new TlsConfig(true, certificateChain, clientCas, false, protocols, handshakeTimeout,
                    context);
        }
    }

    /** Builds a consumer's {@link TlsConfig}; not thread-safe. */
    public static final class ClientBuilder {
        private Path trustedCertificates;
        private boolean jdkDefaults;
        private Path certificateChain;
        private Path privateKey;
        private boolean verifyHostname = true;
        private List<String> protocols = DEFAULT_PROTOCOLS;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;

        private ClientBuilder() {}

        /** Trusts providers whose certificates chain to one of the CA certificates in this PEM file. */
        public ClientBuilder trustedCertificates(Path caCertificates) {
            this.trustedCertificates = Objects.requireNonNull(caCertificates, "caCertificates");
            return this;
        }

        /**
         * Trusts providers whose certificates chain to one of the JDK's default CAs (its {@code cacerts}), for
         * providers with certificates from a public CA; instead of {@link #trustedCertificates(Path)}.
         */
        public ClientBuilder trustJdkDefaultCertificates() {
            this.jdkDefaults = true;
            return this;
        }

        /**
         * The certificate chain (leaf first) and private key this consumer presents, for providers that require
         * client certificates; default none.
         */
        public ClientBuilder keyPair(Path certificateChain, Path privateKey) {
            this.certificateChain = Objects.requireNonNull(certificateChain, "certificateChain");
            this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
            return this;
        }

        /**
         * Whether the provider's certificate must name the host of the address dialled (a DNS name or an IP
         * address subject alternative name), as HTTPS checks it; default {@code true}. Turning it off lets any
         * certificate from a trusted CA impersonate any provider.
         */
        public ClientBuilder verifyHostname(boolean verifyHostname) {
            this.verifyHostname = verifyHostname;
            return this;
        }

        /** The TLS versions allowed, {@code TLSv1.3} and/or {@code TLSv1.2}; default both. */
        public ClientBuilder protocols(String... protocols) {
            this.protocols = checkProtocols(protocols);
            return this;
        }

        /**
         * How long connecting may spend on the handshake before calls waiting for it fail with
         * {@code CONNECTION_FAILED}; default 5 s.
         */
        public ClientBuilder handshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = RpcServer.Builder.positive(handshakeTimeout, "handshakeTimeout");
            return this;
        }

        /**
         * Reads the files and returns the configuration.
         *
         * @throws IllegalArgumentException if neither or both of the trust settings are given, or naming a file
         *     that cannot be read or used
         */
        public TlsConfig build() {
            if (trustedCertificates == null && !jdkDefaults) {
                throw new IllegalArgumentException("a TLS client must say whom it trusts: trustedCertificates(caPem),"
                        + " or trustJdkDefaultCertificates() for providers with certificates from a public CA");
            }
            if (trustedCertificates != null && jdkDefaults) {
                throw new IllegalArgumentException("trustedCertificates(" + trustedCertificates
                        + ") and trustJdkDefaultCertificates() exclude each other: choose one");
            }
            TlsContext context = TlsContext.client(trustedCertificates, certificateChain, privateKey, verifyHostname,
                    protocols, handshakeTimeout);
            return new TlsConfig(false, certificateChain, trustedCertificates, verifyHostname, protocols,
                    handshakeTimeout, context);
        }
    }
}
