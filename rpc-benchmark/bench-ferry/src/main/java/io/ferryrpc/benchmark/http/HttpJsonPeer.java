package io.ferryrpc.benchmark.http;

import io.ferryrpc.benchmark.driver.Peer;
import io.ferryrpc.benchmark.driver.PeerSettings;
import io.ferryrpc.benchmark.support.PeerOptions;
import io.ferryrpc.core.internal.transport.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 + JSON: a Netty {@link HttpServerCodec} and {@link HttpObjectAggregator} server answering on its IO
 * threads (see {@link HttpJsonServerHandler} for why), Jackson on both sides, keep-alive connections, one per
 * calling thread (see {@link HttpJsonClient}).
 *
 * <p>Options: {@code ioThreads=N}, the Netty IO threads of whichever side reads it (default the processor count).
 */
public final class HttpJsonPeer implements Peer {

    /** The option that sizes Netty's IO thread group on either side. */
    public static final String IO_THREADS = "ioThreads";

    private static final int MAX_REQUEST = 16 * 1024 * 1024;
    private static final int DEFAULT_IO_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

    @Override
    public String name() {
        return "http";
    }

    @Override
    public Server serve(String host, int port, PeerSettings settings) {
        int ioThreads = PeerOptions.of(name(), settings, Set.of(IO_THREADS)).positiveInt(IO_THREADS,
                DEFAULT_IO_THREADS);
        HttpJsonServerHandler handler = new HttpJsonServerHandler(new JsonCalls());
        EventLoopGroup boss = EventLoops.newGroup(1, "http-json-boss");
        EventLoopGroup workers = EventLoops.newGroup(ioThreads, "http-json-io");
        ChannelGroup channels = new DefaultChannelGroup("http-json", GlobalEventExecutor.INSTANCE);
        Channel listener;
        try {
            listener = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(EventLoops.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            channels.add(ch);
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST),
                                    handler);
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
    public Client connect(String host, int port, PeerSettings settings) {
        int ioThreads = PeerOptions.of(name(), settings, Set.of(IO_THREADS)).positiveInt(IO_THREADS,
                DEFAULT_IO_THREADS);
        return new HttpJsonClient(new JsonCalls(), host, port, settings.timeout(), settings.payloadSize(), ioThreads);
    }

    private static void shutdown(EventLoopGroup... groups) {
        for (EventLoopGroup group : groups) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5000);
        }
    }
}
