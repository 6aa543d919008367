package io.ferryrpc.core.internal.protocol;

import io.netty.buffer.ByteBuf;

/**
 * One decoded frame; whoever receives it owns {@link #body()} and must release it (through {@link #release()}).
 *
 * @param type the message type
 * @param serializerId the serializer of the body's values
 * @param status the response status ({@link Status}), zero for other types
 * @param requestId matches a response (or cancel) to its request
 * @param body the body bytes, possibly empty, never {@code null}
 */
public record Frame(MessageType type, byte serializerId, byte status, long requestId, ByteBuf body) {

    /** Releases the body. */
    public void release() {
        body.release();
    }
}
