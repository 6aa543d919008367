package io.ferryrpc.core.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/** What a provider accepts from one application: a token, or requests signed with a shared secret. */
public abstract sealed class AcceptedCredential {

    private AcceptedCredential() {}

    /** Accepts requests carrying {@code token}; only its SHA-256 digest is kept. */
    public static AcceptedCredential token(String token) {
        return new Token(sha256(token));
    }

    /** Accepts requests signed with {@code secret}. */
    public static AcceptedCredential hmac(byte[] secret) {
        return new Signed(new Hmac(secret));
    }

    /**
     * Returns whether the proof in {@code received} is valid for {@code application} calling {@code methodId};
     * timestamps and nonces have been checked for presence and form already.
     */
    abstract boolean verify(String application, String methodId, Map<String, String> received);

    /** Returns whether requests of this application must be signed rather than carry a token. */
    abstract boolean signed();

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static final class Token extends AcceptedCredential {
        private final byte[] digest;

        Token(byte[] digest) {
            this.digest = digest;
        }

        @Override
        boolean verify(String application, String methodId, Map<String, String> received) {
            String token = received.get(AuthAttachments.TOKEN);
            // Comparing digests of equal length in constant time tells a guesser nothing, not even the length.
            return token != null && MessageDigest.isEqual(digest, sha256(token));
        }

        @Override
        boolean signed() {
            return false;
        }
    }

    private static final class Signed extends AcceptedCredential {
        private final Hmac hmac;

        Signed(Hmac hmac) {
            this.hmac = hmac;
        }

        @Override
        boolean verify(String application, String methodId, Map<String, String> received) {
            String signature = received.get(AuthAttachments.SIGNATURE);
            if (signature == null) {
                return false;
            }
            String expected = hmac.sign(application, methodId, received.get(AuthAttachments.TIMESTAMP),
                    received.get(AuthAttachments.NONCE));
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    signature.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        boolean signed() {
            return true;
        }
    }
}
