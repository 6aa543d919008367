package io.ferryrpc.monitor.internal;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.spi.ServiceKey;
import java.util.Objects;

/**
 * Identifies a series by what the call offers — its side, service, method, outcome, peer and application — without
 * building any string: one mutable instance per thread probes the map, and only a miss copies it.
 *
 * <p>The outcome is {@code null} for success, an {@link RpcException.Code} or the exception's class. On the server
 * only the host part of the peer counts: a consumer's port is ephemeral and would make a series per connection.
 */
final class SeriesKey {

    private Filter.Side side;
    private ServiceKey service;
    private String method;
    private Object outcome;
    private String peer;
    private int peerLength;
    private String application;
    private int hash;

    /** Points this key at a call's attributes and returns it. */
    SeriesKey set(Filter.Side side, ServiceKey service, String method, Object outcome, String peer,
            String application) {
        this.side = side;
        this.service = service;
        this.method = method;
        this.outcome = outcome;
        this.peer = peer == null ? "" : peer;
        int colon = this.peer.lastIndexOf(':');
        this.peerLength = side == Filter.Side.PROVIDER && colon > 0 ? colon : this.peer.length();
        this.application = application == null ? "" : application;
        int h = side.hashCode();
        h = 31 * h + service.hashCode();
        h = 31 * h + method.hashCode();
        h = 31 * h + Objects.hashCode(outcome);
        for (int i = 0; i < peerLength; i++) {
            h = 31 * h + this.peer.charAt(i);
        }
        this.hash = 31 * h + this.application.hashCode();
        return this;
    }

    /** Returns an immutable copy to keep in the map. */
    SeriesKey copy() {
        return new SeriesKey().set(side, service, method, outcome, peer.substring(0, peerLength), application);
    }

    Filter.Side side() {
        return side;
    }

    ServiceKey service() {
        return service;
    }

    String method() {
        return method;
    }

    Object outcome() {
        return outcome;
    }

    /** Returns the peer as kept: {@code host:port} on the client, the host on the server. */
    String peer() {
        return peer.substring(0, peerLength);
    }

    String application() {
        return application;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeriesKey k && hash == k.hash && side == k.side && peerLength == k.peerLength
                && service.equals(k.service) && method.equals(k.method) && Objects.equals(outcome, k.outcome)
                && application.equals(k.application) && peer.regionMatches(0, k.peer, 0, peerLength);
    }
}
