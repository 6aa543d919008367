package io.ferryrpc.core.internal.health;

import io.ferryrpc.core.RpcServer;
import io.ferryrpc.core.internal.transport.ConnectionLimit;
import io.ferryrpc.core.internal.transport.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Answers {@code GET} (and {@code HEAD}) {@code /health/live} and {@code /health/ready}: 200 with
 * {@code {"status":"UP"}}, or 503 with {@code {"status":"DOWN","reasons":[...]}}, from a minimal HTTP/1.1 responder
 * on Netty (see {@link ProbeRequestHandler}); no web framework and no HTTP codec on the classpath.
 *
 * <p>It runs on an event loop of its own, one thread serving both the listening socket and every probe connection:
 * evaluating health may wait up to a second for a wedged IO loop of the server, which must never happen on one of
 * the server's loops, and a wedged server loop must not stop the probes that report it. A client that stalls or
 * misbehaves costs at most one of {@link #MAX_CONNECTIONS} connection places for at most {@link #READ_TIMEOUT}.
 */
public final class HealthEndpoint implements AutoCloseable {

    /** Longest request or header line, CRLF excluded; a longer one is answered 431. */
    static final int MAX_LINE = 4096;
    /** Most header lines in a request; one more is answered 431. */
    static final int MAX_HEADER_LINES = 64;
    /** Time from accepting a connection to closing it, whatever it has sent by then. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    /** Open probe connections; one more is closed as it is accepted. */
    static final int MAX_CONNECTIONS = 64;

    private final EventLoopGroup group;
    private final Channel listening;

    /** Evaluates the server's health. */
    @FunctionalInterface
    public interface Check {
        /**
         * Returns the health now; {@code probeEventLoops} asks for the server's IO loops to be probed, which may
         * take up to a second when one is wedged.
         */
        RpcServer.Health evaluate(boolean probeEventLoops);
    }

    /**
     * Starts serving on {@code bindAddress:port} (0 for an ephemeral port), asking {@code health} on every probe:
     * with the IO loops probed for liveness, without for readiness (which must not wait on a wedged loop).
     *
     * @throws IOException if the address cannot be bound
     */
    public HealthEndpoint(String bindAddress, int port, Check health) throws IOException {
        group = EventLoops.newGroup(1, "ferry-server-health");
        ConnectionLimit limit = new ConnectionLimit(MAX_CONNECTIONS,
                "health probe connections over " + MAX_CONNECTIONS);
        long readTimeoutNanos = READ_TIMEOUT.toNanos();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group, group)
                .channel(EventLoops.serverChannel())
                .handler(limit)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE, true, true),
                                new ProbeRequestHandler(health, MAX_HEADER_LINES, readTimeoutNanos));
                    }
                });
        ChannelFuture bound = bootstrap.bind(bindAddress, port).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            stopThread();
            Throwable cause = bound.cause();
            throw cause instanceof IOException io ? io : new IOException(cause.toString(), cause);
        }
        listening = bound.channel();
    }

    /** Returns the port served. */
    public int port() {
        return ((InetSocketAddress) listening.localAddress()).getPort();
    }

    /** Stops serving at once (a probe in progress is cut off) and stops the endpoint's thread. */
    @Override
    public void close() {
        listening.close().awaitUninterruptibly();
        stopThread();
    }

    private void stopThread() {
        // No quiet period: open probe connections are closed with the loop, and nothing else runs on it.
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5000);
    }
}
