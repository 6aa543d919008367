package io.ferryrpc.benchmark.netty;

import io.ferryrpc.benchmark.ferry.FerryWireBodies;
import io.ferryrpc.benchmark.workload.Operation;
import io.ferryrpc.core.internal.protocol.Bodies;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;

/**
 * The server's answers, precomputed: for every operation but the echo, the response body a Ferry server sends for
 * the representative call, keyed by the call ID a Ferry request body starts with (so the server, like Ferry's, picks
 * the method from those four bytes and decodes nothing). The echo is answered from the request itself: a byte
 * array's argument tuple and result tuple encode identically in Ferry's codec, so the reply is Ferry's 8-byte
 * processing time followed by the request's bytes after its fixed prefix.
 */
final class CannedReplies {

    private final IntObjectMap<byte[]> bodies = new IntObjectHashMap<>();
    private final int echoCallId;

    /** Encodes every answer once with {@code wire}, for the call at {@code sequence}. */
    CannedReplies(FerryWireBodies wire, long sequence) {
        for (Operation op : Operation.values()) {
            if (op != Operation.ECHO) {
                bodies.put(wire.callId(op), wire.responseBody(op, FerryWireBodies.arguments(op, sequence, 0)));
            }
        }
        this.echoCallId = wire.callId(Operation.ECHO);
    }

    /**
     * Returns the whole response frame to the request {@code requestId} whose body is {@code request}, or
     * {@code null} if the request names no known call ID. Does not consume or release {@code request}.
     */
    ByteBuf reply(ByteBufAllocator alloc, long requestId, ByteBuf request) {
        if (request.readableBytes() < Bodies.REQUEST_PREFIX) {
            return null;
        }
        int callId = request.getInt(request.readerIndex());
        if (callId == echoCallId) {
            // The raw client sends no attachments, so the arguments start right after the fixed prefix.
            int argumentsLength = request.readableBytes() - Bodies.REQUEST_PREFIX;
            ByteBuf out = RawFrames.start(alloc, requestId, 8 + argumentsLength);
            out.writeLong(0);
            out.writeBytes(request, request.readerIndex() + Bodies.REQUEST_PREFIX, argumentsLength);
            return out;
        }
        byte[] body = bodies.get(callId);
        if (body == null) {
            return null;
        }
        // One copy into a pooled direct buffer, as any server writes its encoded answer: the least work there is.
        return RawFrames.start(alloc, requestId, body.length).writeBytes(body);
    }
}
