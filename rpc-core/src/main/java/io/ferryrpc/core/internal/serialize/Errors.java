package io.ferryrpc.core.internal.serialize;

import io.ferryrpc.api.RpcException;

/** Builds serialization errors; messages name types and fields, never received values. */
final class Errors {

    private Errors() {
    }

    static RpcException serialization(String message) {
        return new RpcException(RpcException.Code.SERIALIZATION, message);
    }

    static RpcException serialization(String message, Throwable cause) {
        return new RpcException(RpcException.Code.SERIALIZATION, message, cause);
    }

    /** Returns a received string made safe for a log line or message: at most 200 printable characters. */
    static String quote(String received) {
        int max = Math.min(received.length(), 200);
        StringBuilder sb = new StringBuilder(max + 5);
        for (int i = 0; i < max; i++) {
            char c = received.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || (c >= 0x80 && !Character.isLetterOrDigit(c)) ? '?' : c);
        }
        if (received.length() > max) {
            sb.append("...");
        }
        return sb.toString();
    }
}
