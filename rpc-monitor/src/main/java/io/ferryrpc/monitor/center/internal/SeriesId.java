package io.ferryrpc.monitor.center.internal;

import io.ferryrpc.monitor.push.SeriesReport;

/**
 * A series as the center merges it: the same tags from every node add up.
 *
 * @param side {@code client} or {@code server}
 * @param service the service key as text
 * @param method the method
 * @param status the outcome code
 * @param errorType the error type, {@code none} on success
 * @param peerAddress the peer's host
 * @param peerPort the provider's port on the client side, else empty
 * @param application the recording application
 */
public record SeriesId(String side, String service, String method, String status, String errorType,
        String peerAddress, String peerPort, String application) {

    /** Returns the id of a reported series, or throws if a required tag is missing. */
    static SeriesId of(SeriesReport s) {
        if (s.side() == null || !(s.side().equals("client") || s.side().equals("server"))) {
            throw new IllegalArgumentException("series side must be client or server, not " + s.side());
        }
        return new SeriesId(s.side(), required(s.service(), "service"), required(s.method(), "method"),
                required(s.status(), "status"), orEmpty(s.errorType()), orEmpty(s.peerAddress()),
                orEmpty(s.peerPort()), orEmpty(s.application()));
    }

    private static String required(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("series has no " + name);
        }
        return value;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** Returns whether calls of this series failed. */
    boolean failed() {
        return !status.equals("OK");
    }

    /** Returns whether the consumer recorded this series. */
    boolean client() {
        return side.equals("client");
    }

    /** Returns the provider's {@code host:port} of a client-side series. */
    String providerAddress() {
        return peerPort.isEmpty() ? peerAddress : peerAddress + ":" + peerPort;
    }
}
