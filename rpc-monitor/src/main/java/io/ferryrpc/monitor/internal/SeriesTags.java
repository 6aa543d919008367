package io.ferryrpc.monitor.internal;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.spi.ServiceKey;
import io.micrometer.core.instrument.Tags;

/**
 * The tag values of a series, as both Micrometer and the monitor center see them.
 *
 * @param side the side recorded
 * @param service the service
 * @param method the method's name
 * @param status {@code OK}, an {@link RpcException.Code} name, or {@code APPLICATION_ERROR}
 * @param errorType {@code none}, the code's name, or the exception's class name
 * @param peerAddress the provider's host (client) or the consumer's host (server)
 * @param peerPort the provider's port on the client; empty on the server
 * @param application the recording application
 */
public record SeriesTags(Filter.Side side, ServiceKey service, String method, String status, String errorType,
        String peerAddress, String peerPort, String application) {

    /** Returns the tags of a call as {@link SeriesKey} identifies it. */
    static SeriesTags of(SeriesKey key) {
        Object outcome = key.outcome();
        String status;
        String errorType;
        if (outcome == null) {
            status = "OK";
            errorType = "none";
        } else if (outcome instanceof RpcException.Code code) {
            status = code.name();
            errorType = code.name();
        } else {
            status = "APPLICATION_ERROR";
            errorType = ((Class<?>) outcome).getName();
        }
        String peer = key.peer();
        String host = peer;
        String port = "";
        int colon = peer.lastIndexOf(':');
        if (key.side() == Filter.Side.CONSUMER && colon > 0) {
            host = peer.substring(0, colon);
            port = peer.substring(colon + 1);
        }
        return new SeriesTags(key.side(), key.service(), key.method(), status, errorType, host, port,
                key.application());
    }

    /** Returns the OpenTelemetry {@code rpc.method} value. */
    public String rpcMethod() {
        return service.name() + "/" + method;
    }

    /** Returns the Micrometer tags. */
    public Tags micrometerTags() {
        Tags tags = Tags.of("rpc.system.name", "ferry", "rpc.method", rpcMethod(), "rpc.response.status_code", status,
                "error.type", errorType, "application", application);
        return side == Filter.Side.CONSUMER
                ? tags.and("server.address", peerAddress, "server.port", peerPort)
                : tags.and("client.address", peerAddress);
    }
}
