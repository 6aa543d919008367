package io.ferryrpc.core.internal.protocol;

import io.ferryrpc.api.RpcException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Builds response frames: a result, a Ferry-level failure, or an exception thrown by the provider's method. */
public final class Responses {

    private Responses() {}

    /** Returns a response frame for a failure with the given code and message. */
    public static ByteBuf failure(ByteBufAllocator alloc, long requestId, RpcException.Code code, String message,
            long processingNanos) {
        return error(alloc, requestId, Status.of(code), "", message, "", processingNanos);
    }

    /** Returns a response frame carrying an exception thrown by the provider's method, as text. */
    public static ByteBuf applicationError(ByteBufAllocator alloc, long requestId, Throwable thrown,
            long processingNanos) {
        String message = thrown.getMessage();
        return error(alloc, requestId, Status.APPLICATION_ERROR, thrown.getClass().getName(),
                message == null ? "" : message, stackTrace(thrown), processingNanos);
    }

    private static ByteBuf error(ByteBufAllocator alloc, long requestId, byte status, String type, String message,
            String trace, long processingNanos) {
        ByteBuf out = alloc.ioBuffer(FrameHeader.LENGTH + 64 + message.length() + trace.length());
        int start = FrameHeader.start(out, MessageType.RESPONSE, (byte) 0, status, requestId);
        out.writeLong(processingNanos);
        Bodies.writeStr16(out, type);
        Bodies.writeStr32(out, message);
        Bodies.writeStr32(out, trace);
        FrameHeader.finish(out, start);
        return out;
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter(1024);
        thrown.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
