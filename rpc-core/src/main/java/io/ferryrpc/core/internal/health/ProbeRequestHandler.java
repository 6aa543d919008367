package io.ferryrpc.core.internal.health;

import io.ferryrpc.core.RpcServer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one probe request from the lines a {@code LineBasedFrameDecoder} in front of it cuts, answers it, and ends
 * the connection. One instance per connection, on the endpoint's own event loop.
 *
 * <p>The connection is closed a fixed time after it was accepted whatever has arrived by then, so a client that
 * sends slowly or not at all holds a connection place for that long and no more. After the answer the endpoint
 * shuts its side down and reads on, discarding, until the client closes or that time is up: closing with unread
 * bytes in the socket would reset the connection and could destroy the answer before the client reads it.
 */
final class ProbeRequestHandler extends SimpleChannelInboundHandler<ByteBuf> {

    private static final Logger log = LoggerFactory.getLogger(ProbeRequestHandler.class);
    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";

    private final HealthEndpoint.Check health;
    private final int maxHeaderLines;
    private final long readTimeoutNanos;
    private ScheduledFuture<?> deadline;
    private ProbeRequest request;
    private int lines;
    private boolean answered;

    ProbeRequestHandler(HealthEndpoint.Check health, int maxHeaderLines, long readTimeoutNanos) {
        this.health = health;
        this.maxHeaderLines = maxHeaderLines;
        this.readTimeoutNanos = readTimeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> {
            if (!answered) {
                log.debug("closing health probe connection from {}: no complete request within {} ms",
                        ctx.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos));
            }
            ctx.close();
        }, readTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        deadline.cancel(false);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
        if (answered) {
            // A body, or whatever else follows the request: probes send none, and it is not looked at.
            return;
        }
        if (request == null && line.isReadable()) {
            request = ProbeRequest.parse(line.toString(StandardCharsets.US_ASCII));
            if (request == null) {
                answer(ctx, ProbeAnswer.BAD_REQUEST, false);
            }
        } else if (line.isReadable() || request == null) {
            // A header line (not parsed: no header changes the answer), or an empty line before the request line,
            // which RFC 9112 asks a server to skip; both count, so that neither can go on for ever.
            if (++lines > maxHeaderLines) {
                answer(ctx, ProbeAnswer.TOO_LARGE, false);
            }
        } else {
            answer(ctx, evaluate(request), request.method().equals("HEAD"));
        }
    }

    private ProbeAnswer evaluate(ProbeRequest request) {
        String path = request.path();
        if (!path.equals(LIVE) && !path.equals(READY)) {
            return ProbeAnswer.NOT_FOUND;
        }
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return ProbeAnswer.METHOD_NOT_ALLOWED;
        }
        RpcServer.Health now;
        try {
            now = health.evaluate(path.equals(LIVE));
        } catch (RuntimeException e) {
            log.warn("cannot evaluate health for {}", path, e);
            now = new RpcServer.Health(false, false, List.of("health check failed: " + e));
        }
        boolean up = path.equals(LIVE) ? now.live() : now.ready();
        return ProbeAnswer.health(up, now.reasons());
    }

    private void answer(ChannelHandlerContext ctx, ProbeAnswer answer, boolean head) {
        answered = true;
        Channel channel = ctx.channel();
        ctx.writeAndFlush(answer.encode(ctx.alloc(), head)).addListener(written -> {
            if (written.isSuccess() && channel instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            } else {
                channel.close();
            }
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException && !answered) {
            answer(ctx, ProbeAnswer.TOO_LARGE, false);
            return;
        }
        log.debug("health probe connection from {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
