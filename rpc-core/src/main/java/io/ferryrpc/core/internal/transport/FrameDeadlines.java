package io.ferryrpc.core.internal.transport;

import io.ferryrpc.core.internal.protocol.FrameDecoder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a provider connection whose consumer is too slow to be anything but an attacker or a broken peer: one
 * that has sent no complete frame within the first-frame timeout of being accepted, or that has left a frame
 * incomplete for the frame-read timeout (a slow-loris client dribbling bytes). A connection that goes quiet between
 * frames is the idle timeout's business, not this one's.
 *
 * <p>One instance per connection, placed after its {@link FrameDecoder}, whose state it reads. The check runs on the
 * connection's event loop, at least once per frame-read timeout and at the moment the earliest pending deadline
 * falls due, so a frame is cut off at most one timeout after it stalled; while the provider itself has stopped
 * reading (write backpressure) the frame clock is held.
 */
public final class FrameDeadlines extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(FrameDeadlines.class);

    private final FrameDecoder decoder;
    private final long firstFrameNanos;
    private final long frameReadNanos;
    private final LongAdder closed;
    private final RateLimitedWarning warning;
    private long acceptedNanos;
    private ScheduledFuture<?> check;

    /**
     * Creates the deadlines of one connection; {@code closed} counts connections closed by them, {@code warning}
     * is shared by all connections of a server.
     */
    public FrameDeadlines(FrameDecoder decoder, long firstFrameNanos, long frameReadNanos, LongAdder closed,
            RateLimitedWarning warning) {
        this.decoder = decoder;
        this.firstFrameNanos = firstFrameNanos;
        this.frameReadNanos = frameReadNanos;
        this.closed = closed;
        this.warning = warning;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        acceptedNanos = System.nanoTime();
        // Not later than one frame-read timeout: a first frame may arrive at once and the next one dribble.
        schedule(ctx, Math.min(firstFrameNanos, frameReadNanos));
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    /** The provider stops or resumes reading on write backpressure: either way the frame clock starts over. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        decoder.restartPartialClock();
        super.channelWritabilityChanged(ctx);
    }

    private void cancel() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        check = ctx.executor().schedule(() -> check(ctx), Math.max(delayNanos, TimeUnit.MILLISECONDS.toNanos(1)),
                TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        check = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        if (decoder.framesDecoded() == 0) {
            long left = acceptedNanos + firstFrameNanos - now;
            if (left <= 0) {
                close(ctx, "no complete frame within " + TimeUnit.NANOSECONDS.toMillis(firstFrameNanos)
                        + " ms of connecting (first-frame timeout)");
                return;
            }
            schedule(ctx, Math.min(left, frameReadNanos));
            return;
        }
        if (!ctx.channel().config().isAutoRead()) {
            // The provider stopped reading because the consumer is not reading its answers: the consumer is not
            // the one holding the frame back.
            decoder.restartPartialClock();
        }
        long partialSince = decoder.partialSinceNanos();
        if (partialSince == 0) {
            schedule(ctx, frameReadNanos);
            return;
        }
        long left = partialSince + frameReadNanos - now;
        if (left <= 0) {
            close(ctx, "a frame left incomplete for " + TimeUnit.NANOSECONDS.toMillis(frameReadNanos)
                    + " ms (frame-read timeout)");
            return;
        }
        schedule(ctx, left);
    }

    private void close(ChannelHandlerContext ctx, String reason) {
        closed.increment();
        log.debug("closing {}: {}", ctx.channel(), reason);
        warning.warn(log, "closing consumer connections too slow to send a frame; latest: {}: {}", ctx.channel(),
                reason);
        ctx.close();
    }
}
