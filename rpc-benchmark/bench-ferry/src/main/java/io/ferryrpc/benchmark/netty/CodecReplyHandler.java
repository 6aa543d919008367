package io.ferryrpc.benchmark.netty;

import io.ferryrpc.benchmark.ferry.FerryWireBodies;
import io.ferryrpc.benchmark.workload.Operation;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raw-Netty server with serialization: on the IO thread it decodes the arguments with Ferry's codec, calls the
 * workload's provider and encodes its result the same way, then writes and flushes once per read batch. This is a
 * minimal hand-written RPC server with Ferry's wire bytes and none of a framework's features (no filters, no
 * executor, no deadlines, no cancellation), so Ferry's distance to it is the cost of being a framework.
 */
@ChannelHandler.Sharable
final class CodecReplyHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(CodecReplyHandler.class);

    private final FerryWireBodies wire;
    private final IntObjectMap<Operation> operations = new IntObjectHashMap<>();

    CodecReplyHandler(FerryWireBodies wire) {
        this.wire = wire;
        for (Operation op : Operation.values()) {
            operations.put(wire.callId(op), op);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            if (frame.readableBytes() < 12) {
                log.warn("closing {}: a frame of {} bytes has no request id and call ID", ctx.channel(),
                        frame.readableBytes());
                ctx.close();
                return;
            }
            long requestId = frame.readLong();
            Operation op = operations.get(frame.getInt(frame.readerIndex()));
            if (op == null) {
                log.warn("closing {}: request {} names no known call", ctx.channel(), requestId);
                ctx.close();
                return;
            }
            Object result = wire.result(op, wire.readRequest(op, frame));
            ByteBuf out = ctx.alloc().ioBuffer();
            try {
                out.writeInt(0).writeLong(requestId);
                wire.writeResponse(out, op, result);
                out.setInt(0, out.readableBytes() - 4);
            } catch (RuntimeException e) {
                out.release();
                throw e;
            }
            ctx.write(out, ctx.voidPromise());
        } finally {
            frame.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("closing {}: {}", ctx.channel(), cause.toString());
        ctx.close();
    }
}
