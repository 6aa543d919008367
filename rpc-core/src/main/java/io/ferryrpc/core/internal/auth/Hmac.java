package io.ferryrpc.core.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One HMAC-SHA256 key and the request signature made with it. {@code Mac} instances are not thread-safe and
 * costly to create, so each thread keeps its own, initialized once.
 */
final class Hmac {

    static final String ALGORITHM = "HmacSHA256";
    /** What a signature starts with, so that a signature of this scheme can never be one of another. */
    private static final String SCHEME = "FERRY-HMAC-SHA256-1";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final ThreadLocal<Mac> macs;

    Hmac(byte[] secret) {
        SecretKeySpec key = new SecretKeySpec(secret, ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(ALGORITHM + " is required of every Java platform", e);
            }
        });
        // Fail now, not on the first call, if the platform cannot do it.
        macs.get();
    }

    /**
     * Returns the signature of one call: Base64url (no padding) of HMAC-SHA256 over
     * {@code FERRY-HMAC-SHA256-1 \n application \n method \n timestamp \n nonce}, where {@code method} is
     * {@link #methodId}.
     */
    String sign(String application, String method, String timestamp, String nonce) {
        String text = SCHEME + '\n' + application + '\n' + method + '\n' + timestamp + '\n' + nonce;
        return BASE64URL.encodeToString(macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Returns the method as signed: service name, {@code #}, method name and parameter types — without version
     * and group, which a consumer calling version {@code *} does not know before it picks a provider.
     */
    static String methodId(String serviceName, String signature) {
        return serviceName + '#' + signature.substring(signature.lastIndexOf('#') + 1);
    }
}
