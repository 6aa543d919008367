package io.ferryrpc.core.internal.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A built TLS setup of one server or client: Netty's {@link SslContext} (JDK provider) and the handshake timeout;
 * hands out one {@link SslHandler} per connection. Immutable and thread-safe.
 */
public final class TlsContext {

    private static final Logger log = LoggerFactory.getLogger(TlsContext.class);
    /**
     * Forward-secret AEAD suites only: Netty's defaults for the JDK also allow TLS 1.2 suites with plain RSA key
     * exchange and CBC with SHA-1. Suites this JVM lacks are dropped by {@link SupportedCipherSuiteFilter}.
     */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private final SslContext context;
    private final long handshakeTimeoutMillis;

    private TlsContext(SslContext context, Duration handshakeTimeout) {
        this.context = context;
        this.handshakeTimeoutMillis = handshakeTimeout.toMillis();
    }

    /**
     * Reads the files and builds a provider's context; with {@code clientCas} every consumer must present a
     * certificate chaining to one of them.
     *
     * @throws IllegalArgumentException naming the file that cannot be read or used
     */
    public static TlsContext server(Path chainFile, Path keyFile, Path clientCas, List<String> protocols,
            Duration handshakeTimeout) {
        List<X509Certificate> chain = ownChain(chainFile);
        PrivateKey key = PemFiles.privateKey(keyFile, "private key");
        PemFiles.checkKeyMatches(key, keyFile, chain.get(0), chainFile);
        SslContextBuilder builder = SslContextBuilder.forServer(key, chain).sslProvider(SslProvider.JDK)
                .protocols(protocols).ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE);
        if (clientCas != null) {
            builder.trustManager(PemFiles.certificates(clientCas, "trusted client CA certificates"))
                    .clientAuth(ClientAuth.REQUIRE);
        }
        return new TlsContext(build(builder), handshakeTimeout);
    }

    /**
     * Reads the files and builds a consumer's context: it trusts the CAs of {@code trustedCas}, or the JDK's default
     * ones when that is {@code null}, and presents {@code chainFile} when not {@code null}.
     *
     * @throws IllegalArgumentException naming the file that cannot be read or used
     */
    public static TlsContext client(Path trustedCas, Path chainFile, Path keyFile, boolean verifyHostname,
            List<String> protocols, Duration handshakeTimeout) {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols(protocols)
                .ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
                // "HTTPS" is RFC 2818 matching of the address dialled against the certificate's subject
                // alternative names (IP entries for IP addresses), which is what an RPC client needs as well.
                .endpointIdentificationAlgorithm(verifyHostname ? "HTTPS" : null);
        if (trustedCas != null) {
            builder.trustManager(PemFiles.certificates(trustedCas, "trusted CA certificates"));
        }
        if (chainFile != null) {
            List<X509Certificate> chain = ownChain(chainFile);
            PrivateKey key = PemFiles.privateKey(keyFile, "private key");
            PemFiles.checkKeyMatches(key, keyFile, chain.get(0), chainFile);
            builder.keyManager(key, chain);
        }
        return new TlsContext(build(builder), handshakeTimeout);
    }

    private static List<X509Certificate> ownChain(Path chainFile) {
        List<X509Certificate> chain = PemFiles.certificates(chainFile, "certificate chain");
        X509Certificate leaf = chain.get(0);
        Date now = new Date();
        if (now.after(leaf.getNotAfter()) || now.before(leaf.getNotBefore())) {
            log.warn("certificate {} ({}) is not valid now: valid from {} to {}; peers will refuse it", chainFile,
                    leaf.getSubjectX500Principal().getName(), leaf.getNotBefore(), leaf.getNotAfter());
        }
        return chain;
    }

    private static SslContext build(SslContextBuilder builder) {
        try {
            return builder.build();
        } catch (SSLException | RuntimeException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Returns a provider-side handler for an accepted connection. */
    public SslHandler newServerHandler(Channel channel) {
        SslHandler handler = context.newHandler(channel.alloc());
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return handler;
    }

    /** Returns a consumer-side handler for a connection to {@code host:port}, the name its certificate must show. */
    public SslHandler newClientHandler(Channel channel, String host, int port) {
        SslHandler handler = context.newHandler(channel.alloc(), host, port);
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return handler;
    }

    /** Returns how long a handshake may take before the connection is closed, in milliseconds. */
    public long handshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }
}
