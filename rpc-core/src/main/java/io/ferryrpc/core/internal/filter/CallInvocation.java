package io.ferryrpc.core.internal.filter;

import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.spi.Invocation;
import io.ferryrpc.core.spi.ServiceKey;
import java.util.Map;

/** The {@link Invocation} Ferry hands to filters; the core fills in the peer and provider time as they are known. */
public final class CallInvocation implements Invocation {

    private final Filter.Side side;
    private final ServiceKey service;
    private final String method;
    private final String signature;
    private final Object[] arguments;
    private final Map<String, String> attachments;
    private final String application;
    private volatile String peer;
    private volatile long providerNanos = -1;

    /** Creates an invocation; {@code peer} may be empty until known. */
    public CallInvocation(Filter.Side side, ServiceKey service, String method, String signature, Object[] arguments,
            Map<String, String> attachments, String application, String peer) {
        this.side = side;
        this.service = service;
        this.method = method;
        this.signature = signature;
        this.arguments = arguments;
        this.attachments = attachments;
        this.application = application;
        this.peer = peer;
    }

    @Override
    public Filter.Side side() {
        return side;
    }

    @Override
    public ServiceKey service() {
        return service;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String signature() {
        return signature;
    }

    @Override
    public Object[] arguments() {
        return arguments;
    }

    @Override
    public Map<String, String> attachments() {
        return attachments;
    }

    @Override
    public String application() {
        return application;
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public long providerNanos() {
        return providerNanos;
    }

    /** Records who answered and how long the provider said it took. */
    public void answered(String peer, long providerNanos) {
        this.peer = peer;
        this.providerNanos = providerNanos;
    }
}
