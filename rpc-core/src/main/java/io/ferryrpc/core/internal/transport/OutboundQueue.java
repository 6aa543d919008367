package io.ferryrpc.core.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The frames other threads write to one channel, batched: however many callers (consumer threads, provider executor
 * threads) write while the event loop is busy, they cost one task, one wake-up and one flush together instead of
 * one each. Writes from the channel's own event loop go straight through.
 *
 * <p>A writer enqueues, then schedules a drain only if none is pending; the drain clears the flag before it takes
 * frames, so a frame enqueued at any moment is either taken by a drain already running or schedules its own.
 */
public final class OutboundQueue implements Runnable {

    private static final AttributeKey<OutboundQueue> KEY = AttributeKey.valueOf(OutboundQueue.class, "queue");

    private final Channel channel;
    private final Queue<Object> frames = PlatformDependent.newMpscQueue();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    private OutboundQueue(Channel channel) {
        this.channel = channel;
    }

    /** Returns the queue of {@code channel}, creating it on first use. */
    public static OutboundQueue of(Channel channel) {
        OutboundQueue queue = channel.attr(KEY).get();
        if (queue == null) {
            OutboundQueue created = new OutboundQueue(channel);
            queue = channel.attr(KEY).setIfAbsent(created);
            if (queue == null) {
                queue = created;
            }
        }
        return queue;
    }

    /** Writes and flushes {@code frame}, whose ownership passes to the channel; failures close nothing here. */
    public void send(ByteBuf frame) {
        if (channel.eventLoop().inEventLoop()) {
            channel.writeAndFlush(frame, channel.voidPromise());
        } else {
            enqueue(frame);
        }
    }

    /** Writes and flushes a call's request; {@code listener} hears whether it reached the socket. */
    void send(ByteBuf frame, ChannelFutureListener listener) {
        if (channel.eventLoop().inEventLoop()) {
            channel.writeAndFlush(frame).addListener(listener);
        } else {
            enqueue(new Listened(frame, listener));
        }
    }

    private void enqueue(Object entry) {
        frames.offer(entry);
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(this);
            } catch (RejectedExecutionException e) {
                // The event loop has shut down: nothing will ever be written, so give the frames back now.
                drainScheduled.set(false);
                discardAll();
            }
        }
    }

    /** Drains on the event loop: writes everything queued, then flushes once. */
    @Override
    public void run() {
        drainScheduled.set(false);
        Object entry;
        boolean wrote = false;
        while ((entry = frames.poll()) != null) {
            wrote = true;
            if (entry instanceof Listened l) {
                channel.write(l.frame).addListener(l.listener);
            } else {
                channel.write(entry, channel.voidPromise());
            }
        }
        if (wrote) {
            channel.flush();
        }
    }

    private void discardAll() {
        Object entry;
        while ((entry = frames.poll()) != null) {
            if (entry instanceof Listened l) {
                ReferenceCountUtil.release(l.frame);
                try {
                    l.listener.operationComplete(channel.newFailedFuture(
                            new IllegalStateException("the connection's event loop has shut down")));
                } catch (Exception e) {
                    // The listener only records the failure; nothing more can be done with it here.
                }
            } else {
                ReferenceCountUtil.release(entry);
            }
        }
    }

    /** A request frame with the listener that learns whether it was sent. */
    private record Listened(ByteBuf frame, ChannelFutureListener listener) {}
}
