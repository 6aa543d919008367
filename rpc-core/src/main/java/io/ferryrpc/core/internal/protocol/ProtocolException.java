package io.ferryrpc.core.internal.protocol;

import io.netty.handler.codec.CorruptedFrameException;

/** A peer sent bytes that are not a valid Ferry frame; the connection that carried them is closed. */
public final class ProtocolException extends CorruptedFrameException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that says what was wrong. */
    public ProtocolException(String message) {
        super(message);
    }
}
