package io.ferryrpc.core.internal.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads X.509 certificates and unencrypted PKCS#8 private keys from PEM files, failing with an
 * {@link IllegalArgumentException} that names the file and says how to fix it.
 *
 * <p>Ferry parses the files itself instead of leaving it to Netty, whose result depends on whether BouncyCastle
 * happens to be on the class path (it then also reads PKCS#1 keys); this way a file either works everywhere or is
 * refused at startup.
 */
public final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");
    /** Algorithms tried, in order, on a PKCS#8 key, whose header does not name its algorithm. */
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "EdDSA", "RSASSA-PSS", "DSA"};
    private static final String TO_PKCS8 = "convert it with: openssl pkcs8 -topk8 -nocrypt -in %s -out key.pk8.pem";

    private PemFiles() {}

    /** Returns the certificates of a PEM file, in file order; at least one. */
    public static List<X509Certificate> certificates(Path file, String what) {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JVM has no X.509 certificate factory", e);
        }
        for (Block block : blocks(file, what)) {
            if (!block.type().equals("CERTIFICATE")) {
                continue;
            }
            try {
                certificates.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(block.der())));
            } catch (CertificateException e) {
                throw new IllegalArgumentException(what + " " + file + ": certificate " + (certificates.size() + 1)
                        + " cannot be parsed: " + e.getMessage(), e);
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(what + " " + file
                    + ": no PEM certificate in it (expected one or more -----BEGIN CERTIFICATE----- blocks)");
        }
        return List.copyOf(certificates);
    }

    /** Returns the one unencrypted PKCS#8 private key of a PEM file. */
    public static PrivateKey privateKey(Path file, String what) {
        PrivateKey key = null;
        for (Block block : blocks(file, what)) {
            switch (block.type()) {
                case "PRIVATE KEY" -> {
                    if (key != null) {
                        throw new IllegalArgumentException(what + " " + file
                                + ": more than one private key in it (expected exactly one)");
                    }
                    key = pkcs8(block.der(), file, what);
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(what + " " + file
                        + ": the key is encrypted; Ferry reads unencrypted PKCS#8 keys only (protect the file with"
                        + " file permissions), " + String.format(TO_PKCS8, file));
                case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY" -> throw new IllegalArgumentException(
                        what + " " + file + ": the key is in the legacy " + block.type() + " format; Ferry reads"
                        + " PKCS#8 (-----BEGIN PRIVATE KEY-----) only, " + String.format(TO_PKCS8, file));
                default -> { }
            }
        }
        if (key == null) {
            throw new IllegalArgumentException(what + " " + file
                    + ": no PEM private key in it (expected a -----BEGIN PRIVATE KEY----- block, PKCS#8)");
        }
        return key;
    }

    /**
     * Checks that {@code key} belongs to the first certificate of {@code chain} by signing a random challenge with
     * the key and verifying it with the certificate; a mismatch would otherwise show only as failed handshakes.
     */
    public static void checkKeyMatches(PrivateKey key, Path keyFile, X509Certificate leaf, Path chainFile) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null) {
            return; // no cheap generic check; the handshake will tell
        }
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            PublicKey publicKey = leaf.getPublicKey();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException("private key " + keyFile + " does not belong to the first certificate"
                    + " of " + chainFile + " (" + leaf.getSubjectX500Principal().getName() + ")");
        }
    }

    private static PrivateKey pkcs8(byte[] der, Path file, String what) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm (or not available in this JVM): try the next
            }
        }
        throw new IllegalArgumentException(what + " " + file + ": the PKCS#8 key cannot be read as any of "
                + String.join(", ", KEY_ALGORITHMS));
    }

    private record Block(String type, byte[] der) {}

    private static List<Block> blocks(Path file, String what) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " " + file + " cannot be read: " + e, e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + " " + file + ": the " + m.group(1)
                        + " block is not valid base64", e);
            }
        }
        return blocks;
    }
}
