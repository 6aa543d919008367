package io.ferryrpc.core;

import io.ferryrpc.core.internal.auth.RequestSigner;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How a consumer proves which application it is to providers that require authentication
 * ({@link Authentication}); set with {@link RpcClient.Builder#credentials(Credentials)}.
 *
 * <p>A {@linkplain #token token} travels with every call as is, so anyone who can read the traffic can reuse it:
 * use it only over TLS or a trusted network. With {@linkplain #hmac HMAC} the secret never leaves the process;
 * each call carries the application, a timestamp, a random nonce and an HMAC-SHA256 signature over them and the
 * called method, which a provider accepts within its clock-skew window and (with its replay cache) only once. The
 * signature does not cover the arguments: against someone who can change traffic in flight, use TLS.
 *
 * @since 0.1.0
 */
public final class Credentials {

    /** Shortest HMAC secret accepted, in bytes. */
    static final int MIN_SECRET_BYTES = 16;
    /** Longest application name accepted, in characters. */
    static final int MAX_APPLICATION_LENGTH = 128;

    private final RequestSigner signer;
    private final String description;

    private Credentials(RequestSigner signer, String description) {
        this.signer = signer;
        this.description = description;
    }

    /**
     * Returns credentials that send {@code token} for {@code application} with every call.
     *
     * @throws IllegalArgumentException if the application name is empty, too long or has control characters, or
     *     the token is empty
     */
    public static Credentials token(String application, String token) {
        checkApplication(application);
        Objects.requireNonNull(token, "token");
        if (token.isEmpty()) {
            throw new IllegalArgumentException("token: empty (expected: the token the provider accepts)");
        }
        return new Credentials(RequestSigner.token(application, token), "token credentials of " + application);
    }

    /**
     * Returns credentials that sign every call of {@code application} with {@code secret}.
     *
     * @throws IllegalArgumentException if the application name is not valid, or the secret is shorter than 16
     *     bytes
     */
    public static Credentials hmac(String application, byte[] secret) {
        checkApplication(application);
        checkSecret(secret);
        return new Credentials(RequestSigner.hmac(application, secret.clone()), "HMAC credentials of " + application);
    }

    /** Returns credentials that sign every call with the UTF-8 bytes of {@code secret}; see {@link #hmac(String, byte[])}. */
    public static Credentials hmac(String application, String secret) {
        return hmac(application, Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
    }

    /** Returns the application these credentials authenticate. */
    public String application() {
        return signer.application();
    }

    RequestSigner signer() {
        return signer;
    }

    /** Names the kind and the application, never the secret. */
    @Override
    public String toString() {
        return description;
    }

    static void checkApplication(String application) {
        Objects.requireNonNull(application, "application");
        if (application.isEmpty() || application.length() > MAX_APPLICATION_LENGTH) {
            throw new IllegalArgumentException("application: \"" + application + "\" (expected: 1.."
                    + MAX_APPLICATION_LENGTH + " characters)");
        }
        for (int i = 0; i < application.length(); i++) {
            if (Character.isISOControl(application.charAt(i))) {
                throw new IllegalArgumentException("application: contains a control character at index " + i);
            }
        }
    }

    static void checkSecret(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("secret: " + secret.length + " bytes (expected: at least "
                    + MIN_SECRET_BYTES + "; use 32 random bytes)");
        }
    }
}
