package io.ferryrpc.core.internal.filter;

import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.spi.Invocation;
import io.ferryrpc.core.spi.ServiceKey;
import java.util.Map;

/**
 * The {@link Invocation} Ferry hands to filters; the core fills in the peer and provider time as they are known.
 *
 * <p>On the provider the arguments are decoded when first asked for, so that a call a filter refuses never has
 * its arguments decoded (no constructor or setter of an argument class runs for it).
 */
public final class CallInvocation implements Invocation {

    /** Arguments still in their encoded form; see {@link #lazy}. */
    public interface EncodedArguments {
        /** Decodes the arguments; failures are {@code RpcException}s with the code the caller should get. */
        Object[] decode();

        /** Releases the encoded form; called exactly once, after decoding or instead of it. */
        void release();
    }

    private final Filter.Side side;
    private final ServiceKey service;
    private final String method;
    private final String signature;
    private final EncodedArguments encoded;
    private Object[] arguments;
    private RuntimeException decodeFailure;
    private boolean released;
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
        this.encoded = null;
        this.arguments = arguments;
        this.attachments = attachments;
        this.application = application;
        this.peer = peer;
    }

    private CallInvocation(Filter.Side side, ServiceKey service, String method, String signature,
            EncodedArguments encoded, Map<String, String> attachments, String application, String peer) {
        this.side = side;
        this.service = service;
        this.method = method;
        this.signature = signature;
        this.encoded = encoded;
        this.attachments = attachments;
        this.application = application;
        this.peer = peer;
    }

    /**
     * Returns an invocation whose arguments are decoded from {@code encoded} on the first call of
     * {@link #arguments()}; the owner calls {@link #discardArguments()} when the call has ended.
     */
    public static CallInvocation lazy(Filter.Side side, ServiceKey service, String method, String signature,
            EncodedArguments encoded, Map<String, String> attachments, String application, String peer) {
        return new CallInvocation(side, service, method, signature, encoded, attachments, application, peer);
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

    /**
     * Returns the arguments, decoding them first if they arrived encoded.
     *
     * @throws io.ferryrpc.api.RpcException if they cannot be decoded (every call throws the same failure)
     * @throws IllegalStateException if the call ended before anything asked for its arguments
     */
    @Override
    public Object[] arguments() {
        if (encoded == null) {
            return arguments;
        }
        synchronized (this) {
            if (arguments != null) {
                return arguments;
            }
            if (decodeFailure != null) {
                throw decodeFailure;
            }
            if (released) {
                throw new IllegalStateException("the arguments of " + signature + " were not decoded: the call ended"
                        + " before anything asked for them");
            }
            try {
                arguments = encoded.decode();
                return arguments;
            } catch (RuntimeException e) {
                decodeFailure = e;
                throw e;
            } finally {
                released = true;
                encoded.release();
            }
        }
    }

    /** Releases arguments that were never decoded; nothing to do if they were. */
    public void discardArguments() {
        if (encoded == null) {
            return;
        }
        synchronized (this) {
            if (!released) {
                released = true;
                encoded.release();
            }
        }
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
