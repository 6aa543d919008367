package io.ferryrpc.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for TLS tests, made when a test runs (nothing secret or expiring is checked in), written as PEM
 * files the way operators would have them: certificates as {@code CERTIFICATE} blocks, keys as unencrypted PKCS#8
 * {@code PRIVATE KEY} blocks.
 *
 * <p>{@link #create(Path)} writes the usual cast into a directory (a JUnit {@code @TempDir}): a CA, a provider
 * certificate it signed for {@code 127.0.0.1} and {@code localhost}, a consumer certificate it signed, an unrelated
 * second CA with a consumer certificate of its own, and a provider certificate without any subject alternative
 * name. {@link Authority} makes others. Keys are EC P-256 (quick to generate); certificates are valid from an hour
 * ago for a day, and leaf certificates are good for both server and client authentication.
 */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate and its private key, as PEM files. */
    public record KeyPairFiles(Path certificate, Path privateKey) {}

    private final Path caCertificate;
    private final KeyPairFiles server;
    private final KeyPairFiles client;
    private final Path otherCaCertificate;
    private final KeyPairFiles otherClient;
    private final KeyPairFiles serverWithoutSan;

    private TestCertificates(Path dir) {
        Authority ca = Authority.create("Ferry Test CA");
        Authority other = Authority.create("Unrelated Test CA");
        caCertificate = ca.writeCertificate(dir.resolve("ca.pem"));
        server = ca.issue("ferry-provider", "IP:127.0.0.1", "DNS:localhost").write(dir, "server");
        client = ca.issue("ferry-consumer").write(dir, "client");
        otherCaCertificate = other.writeCertificate(dir.resolve("other-ca.pem"));
        otherClient = other.issue("stranger").write(dir, "other-client");
        serverWithoutSan = ca.issue("ferry-provider-without-san").write(dir, "server-no-san");
    }

    /** Generates the standard set into {@code dir}, which must exist. */
    public static TestCertificates create(Path dir) {
        return new TestCertificates(dir);
    }

    /** The CA that signed {@link #server()}, {@link #client()} and {@link #serverWithoutSan()}. */
    public Path caCertificate() {
        return caCertificate;
    }

    /** A provider certificate with the subject alternative names IP 127.0.0.1 and DNS localhost. */
    public KeyPairFiles server() {
        return server;
    }

    /** A consumer certificate signed by {@link #caCertificate()}. */
    public KeyPairFiles client() {
        return client;
    }

    /** A CA unrelated to {@link #caCertificate()}. */
    public Path otherCaCertificate() {
        return otherCaCertificate;
    }

    /** A consumer certificate signed by {@link #otherCaCertificate()}. */
    public KeyPairFiles otherClient() {
        return otherClient;
    }

    /** A provider certificate signed by {@link #caCertificate()} without subject alternative names. */
    public KeyPairFiles serverWithoutSan() {
        return serverWithoutSan;
    }

    /** A certificate authority in memory, which issues leaf certificates. */
    public static final class Authority {
        private final X500Name name;
        private final KeyPair keys;
        private final X509Certificate certificate;

        private Authority(X500Name name, KeyPair keys, X509Certificate certificate) {
            this.name = name;
            this.keys = keys;
            this.certificate = certificate;
        }

        /** Returns a new self-signed CA named {@code CN=commonName}. */
        public static Authority create(String commonName) {
            X500Name name = new X500Name("CN=" + commonName);
            KeyPair keys = newKeyPair();
            X509v3CertificateBuilder builder = builder(name, name, keys);
            try {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                builder.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Authority(name, keys, sign(builder, keys.getPrivate()));
        }

        /** Returns this CA's certificate. */
        public X509Certificate certificate() {
            return certificate;
        }

        /** Writes this CA's certificate as PEM to {@code file} and returns it. */
        public Path writeCertificate(Path file) {
            return writeFile(file, pem("CERTIFICATE", encoded(certificate)));
        }

        /**
         * Issues a leaf certificate for {@code CN=commonName} with the given subject alternative names
         * ({@code "IP:127.0.0.1"}, {@code "DNS:localhost"}); none for a certificate without the extension.
         */
        public Issued issue(String commonName, String... subjectAlternativeNames) {
            return issue(newKeyPair(), commonName, subjectAlternativeNames);
        }

        /** Like {@link #issue(String, String...)}, for a key pair of the caller's choice (RSA, say). */
        public Issued issue(KeyPair leafKeys, String commonName, String... subjectAlternativeNames) {
            X509v3CertificateBuilder builder = builder(name, new X500Name("CN=" + commonName), leafKeys);
            try {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
                if (subjectAlternativeNames.length > 0) {
                    List<GeneralName> names = new ArrayList<>();
                    for (String san : subjectAlternativeNames) {
                        names.add(san.startsWith("IP:") ? new GeneralName(GeneralName.iPAddress, san.substring(3))
                                : new GeneralName(GeneralName.dNSName, san.substring(san.indexOf(':') + 1)));
                    }
                    builder.addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(names.toArray(GeneralName[]::new)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Issued(sign(builder, keys.getPrivate()), leafKeys.getPrivate());
        }
    }

    /** A leaf certificate with its private key, in memory. */
    public record Issued(X509Certificate certificate, PrivateKey privateKey) {

        /** Writes {@code <name>.pem} (the certificate) and {@code <name>-key.pem} (PKCS#8) into {@code dir}. */
        public KeyPairFiles write(Path dir, String name) {
            return new KeyPairFiles(writeFile(dir.resolve(name + ".pem"), pem("CERTIFICATE", encoded(certificate))),
                    writeFile(dir.resolve(name + "-key.pem"), pem("PRIVATE KEY", privateKey.getEncoded())));
        }
    }

    /** Returns {@code der} as a PEM block of {@code type}, in 64-column lines. */
    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a test certificate", e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make EC keys", e);
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writeFile(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
