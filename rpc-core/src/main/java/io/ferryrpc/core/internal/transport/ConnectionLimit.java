package io.ferryrpc.core.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the open connections of a provider. It sits on the listening channel and sees each accepted connection
 * before it is handed to an IO thread: one over the limit is closed right there, so a flood of connections costs
 * the boss thread a close each and never reaches the IO threads, the executor or the decoders.
 */
@ChannelHandler.Sharable
public final class ConnectionLimit extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLimit.class);

    private final int max;
    private final String refusing;
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder refused = new LongAdder();
    private final RateLimitedWarning warning = new RateLimitedWarning(10_000);

    /** Creates a limit of {@code max} open consumer connections. */
    public ConnectionLimit(int max) {
        this(max, "consumer connections over maxConnections " + max);
    }

    /**
     * Creates a limit of {@code max} open connections; {@code refusing} says in the warning which connections are
     * refused, such as {@code "health probe connections over 64"}.
     */
    public ConnectionLimit(int max, String refusing) {
        this.max = max;
        this.refusing = refusing;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            refused.increment();
            warning.warn(log, "refusing {}; latest from {}", refusing, child.remoteAddress());
            // Not registered with any event loop yet, so it is closed here and now, as Netty's acceptor does.
            child.unsafe().closeForcibly();
            return;
        }
        child.closeFuture().addListener(f -> open.decrementAndGet());
        ctx.fireChannelRead(child);
    }

    /** Returns how many connections were closed on accept because the limit was reached. */
    public long refused() {
        return refused.sum();
    }
}
