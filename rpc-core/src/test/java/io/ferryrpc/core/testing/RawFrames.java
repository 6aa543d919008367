package io.ferryrpc.core.testing;

import io.ferryrpc.core.internal.protocol.Bodies;
import io.ferryrpc.core.internal.protocol.FrameHeader;
import io.ferryrpc.core.internal.protocol.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Map;

/** Request frames built by hand, for tests that talk to a provider over a plain socket. */
public final class RawFrames {

    private RawFrames() {}

    /** Returns the bytes of a request frame whose arguments are {@code arguments}, already encoded. */
    public static byte[] request(byte serializer, long requestId, int callId, int timeoutMillis, byte[] arguments) {
        return request(serializer, requestId, callId, timeoutMillis, Map.of(), arguments);
    }

    /** Returns the bytes of a request frame with {@code attachments} and already encoded {@code arguments}. */
    public static byte[] request(byte serializer, long requestId, int callId, int timeoutMillis,
            Map<String, String> attachments, byte[] arguments) {
        ByteBuf out = Unpooled.buffer();
        try {
            int start = FrameHeader.start(out, MessageType.REQUEST, serializer, (byte) 0, requestId);
            Bodies.writeRequestPrefix(out, callId, timeoutMillis, attachments);
            out.writeBytes(arguments);
            FrameHeader.finish(out, start);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } finally {
            out.release();
        }
    }
}
