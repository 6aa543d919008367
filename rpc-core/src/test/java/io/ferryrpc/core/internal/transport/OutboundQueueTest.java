package io.ferryrpc.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.FixedLengthFrameDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The batched writer, over a real TCP connection on 127.0.0.1: every frame arrives once and in its writer's order, and none leaks after a shutdown. */
@Timeout(30)
class OutboundQueueTest {

    private final EventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup clientGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<ByteBuf> received = java.util.Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        received.forEach(ByteBuf::release);
    }

    private Channel connect() {
        Channel server = new ServerBootstrap().group(serverGroup).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new FixedLengthFrameDecoder(8), new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                received.add((ByteBuf) msg);
                            }
                        });
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
        return new Bootstrap().group(clientGroup).channel(NioSocketChannel.class)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(server.localAddress()).syncUninterruptibly().channel();
    }

    @Test
    void framesFromManyThreadsAllArriveOnceInEachWritersOrder() throws Exception {
        Channel channel = connect();
        int writers = 8;
        int perWriter = 2000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perWriter; i++) {
                    OutboundQueue.of(channel).send(Unpooled.buffer(8).writeInt(writer).writeInt(i));
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(10_000);
        }
        try {
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> received.size() == writers * perWriter);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("received " + received.size() + " active " + channel.isActive(), e);
        }
        int[] next = new int[writers];
        synchronized (received) {
            for (ByteBuf frame : received) {
                int writer = frame.getInt(0);
                assertThat(frame.getInt(4)).isEqualTo(next[writer]);
                next[writer]++;
            }
        }
        assertThat(next).containsOnly(perWriter);
    }

    @Test
    void aListenedFrameReportsItsWrite() throws Exception {
        Channel channel = connect();
        CompletableFuture<Boolean> written = new CompletableFuture<>();
        OutboundQueue.of(channel).send(Unpooled.buffer(8).writeLong(7), f -> written.complete(f.isSuccess()));
        assertThat(written.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void afterTheEventLoopIsGoneFramesAreReleasedAndListenersFail() throws Exception {
        Channel channel = connect();
        clientGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        ByteBuf voidFrame = Unpooled.buffer(4).writeInt(1);
        ByteBuf listenedFrame = Unpooled.buffer(4).writeInt(2);
        ConcurrentHashMap<String, Throwable> failures = new ConcurrentHashMap<>();
        OutboundQueue.of(channel).send(voidFrame);
        OutboundQueue.of(channel).send(listenedFrame, (ChannelFuture f) -> failures.put("listened", f.cause()));
        assertThat(voidFrame.refCnt()).isZero();
        assertThat(listenedFrame.refCnt()).isZero();
        assertThat(failures.get("listened")).isInstanceOf(IllegalStateException.class);
    }
}
