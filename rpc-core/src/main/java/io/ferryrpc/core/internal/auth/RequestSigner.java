package io.ferryrpc.core.internal.auth;

import io.ferryrpc.core.spi.ServiceKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** The consumer half of authentication: adds one application's credentials to every request it sends. */
public abstract sealed class RequestSigner {

    private final String application;

    private RequestSigner(String application) {
        this.application = application;
    }

    /** Returns a signer that sends {@code token} as is. */
    public static RequestSigner token(String application, String token) {
        return new Token(application, token);
    }

    /** Returns a signer that signs each request with {@code secret}, which never leaves this process. */
    public static RequestSigner hmac(String application, byte[] secret) {
        return new Signed(application, new Hmac(secret));
    }

    /** Returns the application whose credentials these are. */
    public String application() {
        return application;
    }

    /**
     * Returns the attachments to send with a call of {@code signature} on {@code service}: {@code attachments}
     * without reserved keys, plus this application's credentials.
     */
    public Map<String, String> stamp(Map<String, String> attachments, ServiceKey service, String signature) {
        Map<String, String> out = new HashMap<>(attachments.size() + 8);
        for (Map.Entry<String, String> e : attachments.entrySet()) {
            if (!AuthAttachments.isReserved(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        out.put(AuthAttachments.APP, application);
        addProof(out, service, signature);
        return out;
    }

    abstract void addProof(Map<String, String> out, ServiceKey service, String signature);

    private static final class Token extends RequestSigner {
        private final String token;

        Token(String application, String token) {
            super(application);
            this.token = token;
        }

        @Override
        void addProof(Map<String, String> out, ServiceKey service, String signature) {
            out.put(AuthAttachments.TOKEN, token);
        }
    }

    private static final class Signed extends RequestSigner {
        private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
        private final Hmac hmac;

        Signed(String application, Hmac hmac) {
            super(application);
            this.hmac = hmac;
        }

        @Override
        void addProof(Map<String, String> out, ServiceKey service, String signature) {
            // Uniqueness is what a nonce needs, not secrecy: 128 random bits from the fast per-thread generator.
            ThreadLocalRandom random = ThreadLocalRandom.current();
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            String nonce = BASE64URL.encodeToString(bytes);
            String timestamp = Long.toString(System.currentTimeMillis());
            out.put(AuthAttachments.TIMESTAMP, timestamp);
            out.put(AuthAttachments.NONCE, nonce);
            out.put(AuthAttachments.SIGNATURE, hmac.sign(application(), Hmac.methodId(service.name(), signature),
                    timestamp, nonce));
        }
    }
}
