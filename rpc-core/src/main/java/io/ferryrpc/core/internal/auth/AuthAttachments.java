package io.ferryrpc.core.internal.auth;

import java.util.HashMap;
import java.util.Map;

/**
 * The attachment keys reserved for credentials. Only Ferry writes them: a consumer drops any a filter or the
 * application set, so nobody can pass someone else's credentials through the attachment map.
 */
public final class AuthAttachments {

    /** The application the credentials belong to. */
    public static final String APP = "ferry-app";
    /** A bearer token. */
    public static final String TOKEN = "ferry-token";
    /** The signing time, epoch milliseconds in decimal. */
    public static final String TIMESTAMP = "ferry-ts";
    /** A random value, unique per call. */
    public static final String NONCE = "ferry-nonce";
    /** Base64url (no padding) of the HMAC-SHA256 signature. */
    public static final String SIGNATURE = "ferry-sig";

    private static final String[] ALL = {APP, TOKEN, TIMESTAMP, NONCE, SIGNATURE};

    private AuthAttachments() {}

    /** Returns whether {@code key} is reserved. */
    public static boolean isReserved(String key) {
        for (String k : ALL) {
            if (k.equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** Returns {@code attachments} without reserved keys: the same map when it holds none. */
    public static Map<String, String> withoutReserved(Map<String, String> attachments) {
        if (attachments.isEmpty() || !containsReserved(attachments)) {
            return attachments;
        }
        Map<String, String> copy = new HashMap<>(attachments);
        for (String k : ALL) {
            copy.remove(k);
        }
        return copy;
    }

    private static boolean containsReserved(Map<String, String> attachments) {
        for (String k : ALL) {
            if (attachments.containsKey(k)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns {@code received} without the secret-bearing keys (token, signature, nonce, timestamp): the same map
     * when it holds none. What a provider's code may see, whether or not the provider checks credentials.
     */
    public static Map<String, String> withoutProof(Map<String, String> received) {
        if (!received.containsKey(TOKEN) && !received.containsKey(SIGNATURE) && !received.containsKey(NONCE)
                && !received.containsKey(TIMESTAMP)) {
            return received;
        }
        Map<String, String> copy = new HashMap<>(received);
        removeProof(copy);
        return copy;
    }

    /**
     * Removes the secret-bearing keys from what a provider received once they have been checked, so that later
     * filters and logs never see a token or signature; {@link #APP} stays, now authenticated.
     */
    static void removeProof(Map<String, String> received) {
        received.remove(TOKEN);
        received.remove(TIMESTAMP);
        received.remove(NONCE);
        received.remove(SIGNATURE);
    }
}
