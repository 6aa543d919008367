package io.ferryrpc.core.spi;

import java.util.Map;

/** One call as filters see it. Not thread-safe beyond what each accessor says. */
public interface Invocation {

    /** Returns the side this invocation is seen on. */
    Filter.Side side();

    /** Returns the service called. */
    ServiceKey service();

    /** Returns the method's name. */
    String method();

    /** Returns the method's canonical signature, as used for its call ID. */
    String signature();

    /**
     * Returns the arguments (the array itself: filters should not change it). On the provider they are decoded
     * when first asked for, so a filter that refuses a call without calling this never decodes them; there it
     * throws an {@link io.ferryrpc.api.RpcException} ({@code SERIALIZATION}) if they cannot be decoded, and an
     * {@link IllegalStateException} if called after a call that never decoded them has ended.
     */
    Object[] arguments();

    /**
     * Returns the string attachments that travel with the call: on the consumer a mutable map, seeded with the
     * caller's {@link io.ferryrpc.core.RpcContext} attachments, whose content at the time the call is sent goes to
     * the provider; on the provider a mutable map of what arrived, whose content when the method starts is the
     * attachments of the method's {@code RpcContext}.
     */
    Map<String, String> attachments();

    /** Returns this side's application name. */
    String application();

    /**
     * Returns the other side as {@code host:port}: on the provider the consumer's connection, on the consumer the
     * provider that answered — empty until the call has completed, and when no provider answered.
     */
    String peer();

    /**
     * Returns the time the provider spent on the call as it reported it, in nanoseconds; on the consumer, once the
     * call completed with an answer; -1 if unknown.
     */
    long providerNanos();
}
