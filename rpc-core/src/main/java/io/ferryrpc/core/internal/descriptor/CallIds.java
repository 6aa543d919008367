package io.ferryrpc.core.internal.descriptor;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.StringJoiner;

/**
 * Derives call IDs: both sides compute the canonical signature of a method and hash it to 32 bits, so a request
 * carries four bytes instead of names.
 */
public final class CallIds {

    private CallIds() {}

    /**
     * Returns the canonical signature of {@code method} in service {@code name:version}, for example
     * {@code io.shop.PaymentService:1.0#pay(io.shop.PaymentRequest)}; generic parameter types keep their
     * arguments ({@code java.util.List<io.shop.Order>}), since they change the bytes on the wire.
     */
    public static String signature(String serviceName, String version, Method method) {
        StringJoiner params = new StringJoiner(",", "(", ")");
        for (Type type : method.getGenericParameterTypes()) {
            params.add(type.getTypeName());
        }
        return serviceName + ":" + version + "#" + method.getName() + params;
    }

    /** Returns the call ID of a canonical signature: the first four bytes of its SHA-256 digest. */
    public static int of(String signature) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(signature.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        return (digest[0] & 0xFF) << 24 | (digest[1] & 0xFF) << 16 | (digest[2] & 0xFF) << 8 | digest[3] & 0xFF;
    }

    /** Returns a call ID as it appears in logs and error messages. */
    public static String format(int callId) {
        return String.format("0x%08x", callId);
    }
}
