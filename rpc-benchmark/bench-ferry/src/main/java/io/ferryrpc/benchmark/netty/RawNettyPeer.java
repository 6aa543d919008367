package io.ferryrpc.benchmark.netty;

import io.ferryrpc.benchmark.driver.Peer;
import io.ferryrpc.benchmark.driver.PeerSettings;
import io.ferryrpc.benchmark.ferry.FerryWireBodies;
import io.ferryrpc.benchmark.support.PeerOptions;
import io.ferryrpc.core.internal.transport.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The raw-Netty ceiling: what a call costs with Netty and nothing else. Same transport as Ferry (epoll where
 * available, Netty's default pooled allocator, direct IO buffers, TCP_NODELAY), same bytes on the wire as Ferry's
 * bodies, but a 12-byte frame header, a server that answers on the IO thread with precomputed replies and a client
 * that never decodes.
 *
 * <p>Both sides use the representative call {@link #SEQUENCE}: the client always sends its request, the server
 * always answers with its result (the echo excepted, which returns the bytes it got), whatever sequence the driver
 * passes; for this workload only a few bytes of a varint differ between calls.
 *
 * <p>Options: {@code ioThreads=N}, the Netty IO threads of whichever side reads it (default the processor count);
 * {@code codec=canned|ferry}: {@code canned} (the default, the transport's ceiling) as above, or {@code ferry}, where
 * the client encodes each call's arguments and decodes its result with Ferry's codecs and the server decodes,
 * calls the workload's provider and encodes (see {@link CodecReplyHandler}): a minimal hand-written RPC with the
 * same serialization as Ferry, the ceiling of what Ferry's own code adds.
 */
public final class RawNettyPeer implements Peer {

    /** The call sequence whose request and response bytes are sent for every call. */
    public static final long SEQUENCE = 100_000;

    /** The option that sizes Netty's IO thread group on either side. */
    public static final String IO_THREADS = "ioThreads";

    /** The option that chooses canned replies or Ferry's serialization on both sides. */
    public static final String CODEC = "codec";

    private static final int DEFAULT_IO_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

    @Override
    public String name() {
        return "netty";
    }

    @Override
    public Server serve(String host, int port, PeerSettings settings) {
        PeerOptions options = PeerOptions.of(name(), settings, Set.of(IO_THREADS, CODEC));
        int ioThreads = options.positiveInt(IO_THREADS, DEFAULT_IO_THREADS);
        ChannelHandler handler = serializes(options) ? new CodecReplyHandler(new FerryWireBodies())
                : new CannedReplyHandler(new CannedReplies(new FerryWireBodies(), SEQUENCE));
        EventLoopGroup boss = EventLoops.newGroup(1, "raw-netty-boss");
        EventLoopGroup workers = EventLoops.newGroup(ioThreads, "raw-netty-io");
        ChannelGroup channels = new DefaultChannelGroup("raw-netty", GlobalEventExecutor.INSTANCE);
        Channel listener;
        try {
            listener = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(EventLoops.serverChannel())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            channels.add(ch);
                            ch.pipeline().addLast(RawFrames.newDecoder(), handler);
                        }
                    })
                    .bind(host, port)
                    .syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            shutdown(boss, workers);
            throw e;
        }
        int boundPort = ((InetSocketAddress) listener.localAddress()).getPort();
        return new Server() {
            @Override
            public int port() {
                return boundPort;
            }

            @Override
            public void close() {
                listener.close().awaitUninterruptibly(2000);
                channels.close().awaitUninterruptibly(2000);
                shutdown(boss, workers);
            }
        };
    }

    @Override
    public Client connect(String host, int port, PeerSettings settings) throws InterruptedException {
        PeerOptions options = PeerOptions.of(name(), settings, Set.of(IO_THREADS, CODEC));
        int ioThreads = options.positiveInt(IO_THREADS, DEFAULT_IO_THREADS);
        return new RawNettyClient(host, port, settings.timeout(), settings.payloadSize(), ioThreads,
                new FerryWireBodies(), SEQUENCE, serializes(options));
    }

    private static boolean serializes(PeerOptions options) {
        return options.choice(CODEC, "canned", Set.of("canned", "ferry")).equals("ferry");
    }

    private static void shutdown(EventLoopGroup... groups) {
        for (EventLoopGroup group : groups) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5000);
        }
    }
}
