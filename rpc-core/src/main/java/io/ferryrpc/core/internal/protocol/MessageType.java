package io.ferryrpc.core.internal.protocol;

/** The kind of a frame, in the header's type byte. */
public enum MessageType {
    /** A call that expects a response with the same request id. */
    REQUEST(1),
    /** The answer to a {@link #REQUEST}. */
    RESPONSE(2),
    /** A call that expects no response. */
    ONEWAY(3),
    /** A liveness probe; answered with {@link #PONG}. */
    PING(4),
    /** The answer to a {@link #PING}. */
    PONG(5),
    /** The caller gave up on the request with this id; the provider skips or interrupts it. */
    CANCEL(6),
    /** The provider is shutting down: send no new calls on this connection; in-flight calls still complete. */
    GOAWAY(7),
    /**
     * The provider was taken out of rotation ({@code RpcServer.offline()}): prefer other providers; calls sent
     * here are still answered.
     */
    OFFLINE(8),
    /** The provider is back in rotation ({@code RpcServer.online()}) after an {@link #OFFLINE}. */
    ONLINE(9);

    private static final MessageType[] BY_VALUE = new MessageType[10];

    static {
        for (MessageType type : values()) {
            BY_VALUE[type.value] = type;
        }
    }

    private final byte value;

    MessageType(int value) {
        this.value = (byte) value;
    }

    /** Returns the wire value of this type. */
    public byte value() {
        return value;
    }

    /** Returns the type with the given wire value, or {@code null} if there is none. */
    public static MessageType fromValue(int value) {
        return value > 0 && value < BY_VALUE.length ? BY_VALUE[value] : null;
    }
}
