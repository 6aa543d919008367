package io.ferryrpc.core.internal.tls;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Turns what the JDK's TLS engine throws into a sentence that says what went wrong and what to check. */
public final class TlsFailures {

    private static final int MAX_DETAIL = 200;

    private TlsFailures() {}

    /** Returns whether {@code cause} (or what it wraps) comes from TLS rather than from Ferry's own protocol. */
    public static boolean isTls(Throwable cause) {
        return unwrap(cause) instanceof SSLException;
    }

    /**
     * Explains a TLS failure on a connection to or from {@code peer} ("provider" or "consumer"), with the engine's
     * own message at the end for whoever needs the detail.
     */
    public static String describe(Throwable cause, String peer) {
        Throwable t = unwrap(cause);
        String detail = detail(t);
        if (t instanceof SslHandshakeTimeoutException) {
            return "the TLS handshake did not finish in time (" + detail + ")";
        }
        if (t instanceof NotSslRecordException) {
            return "the " + peer + " does not speak TLS (" + detail + ")";
        }
        if (t instanceof ClosedChannelException || t instanceof SSLException && lower(t).contains("closed")
                && !lower(t).contains("alert")) {
            return "the " + peer + " closed the connection during the TLS handshake (does it serve plaintext, or"
                    + " refuse this " + self(peer) + "'s certificate?) (" + detail + ")";
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = lower(c);
            if (m.contains("subject alternative") || m.contains("no name matching")) {
                return "hostname verification failed: the " + peer + "'s certificate does not name the address"
                        + " dialled (add it as a subject alternative name) (" + detail + ")";
            }
            if (c instanceof CertificateExpiredException) {
                return "certificate validation failed: the " + peer + "'s certificate has expired (" + detail + ")";
            }
            if (c instanceof CertPathBuilderException || c instanceof CertPathValidatorException) {
                return "certificate validation failed: the " + peer + "'s certificate does not chain to a trusted CA"
                        + " (" + detail + ")";
            }
            if (m.contains("empty client certificate chain") || m.contains("empty server certificate chain")) {
                // The JDK sends no certificate when it has none from the CAs the provider names.
                return "the " + peer + " presented no certificate from a CA this " + self(peer) + " trusts, and one"
                        + " is required (" + detail + ")";
            }
            if (c instanceof CertificateException) {
                return "certificate validation failed (" + detail + ")";
            }
        }
        String m = lower(t);
        if (m.contains("certificate_required") || m.contains("bad_certificate") || m.contains("unknown_ca")
                || m.contains("certificate_unknown") || m.contains("access_denied")) {
            return peer.equals("provider")
                    ? "the provider refused this consumer's certificate or its absence (it requires mutual TLS with a"
                            + " certificate from a CA it trusts) (" + detail + ")"
                    : "the consumer refused this provider's certificate (it does not trust its CA, or the certificate"
                            + " does not name the address the consumer dialled) (" + detail + ")";
        }
        if (m.contains("protocol_version") || m.contains("handshake_failure") || m.contains("no appropriate protocol")
                || m.contains("cipher suites")) {
            return "no TLS version or cipher suite both sides accept (" + detail + ")";
        }
        return "TLS failure (" + detail + ")";
    }

    private static String self(String peer) {
        return peer.equals("provider") ? "consumer" : "provider";
    }

    private static Throwable unwrap(Throwable cause) {
        Throwable t = cause;
        while (t instanceof DecoderException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String lower(Throwable t) {
        return String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
    }

    private static String detail(Throwable t) {
        String s = t.getMessage() == null ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + t.getMessage();
        return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL) + "...";
    }
}
