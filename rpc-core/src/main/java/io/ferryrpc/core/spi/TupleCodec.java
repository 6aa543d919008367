package io.ferryrpc.core.spi;

import io.netty.buffer.ByteBuf;

/**
 * Encodes and decodes a fixed sequence of values of declared types (for example all arguments of one method).
 *
 * <p>Thread-safe. Errors are reported as {@link io.ferryrpc.api.RpcException} with code
 * {@link io.ferryrpc.api.RpcException.Code#SERIALIZATION}; their messages name types and fields, never a
 * {@code toString()} of a received value.
 */
public interface TupleCodec {

    /** Writes {@code values} (one per declared type, any of them {@code null}) at the writer index of {@code out}. */
    void encode(Object[] values, ByteBuf out);

    /**
     * Reads all readable bytes of {@code in} as one tuple and returns one value per declared type; values that are
     * absent in the bytes come back as {@code null} (or the zero of a primitive type).
     */
    Object[] decode(ByteBuf in);
}
