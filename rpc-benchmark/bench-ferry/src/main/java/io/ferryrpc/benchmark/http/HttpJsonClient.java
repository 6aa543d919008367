package io.ferryrpc.benchmark.http;

import io.ferryrpc.benchmark.driver.Peer;
import io.ferryrpc.benchmark.workload.Operation;
import io.ferryrpc.benchmark.workload.Workload;
import io.ferryrpc.core.internal.transport.EventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP client: every caller thread owns one keep-alive connection, opened on its first call, all on one shared
 * Netty event loop group; a caller encodes its arguments as JSON, sends, blocks for the response and decodes it into
 * the workload's objects.
 *
 * <p>Netty rather than the JDK's {@code java.net.http.HttpClient} (not measured here): the JDK client serves every
 * caller from its own selector thread and connection pool, with executor hand-offs and per-exchange objects of its
 * own, so it would partly measure that library; on Netty all peers share one transport (epoll, pooled buffers) and
 * the difference left is HTTP/1.1 framing, one request per connection at a time, and JSON.
 */
final class HttpJsonClient implements Peer.Client {

    private static final int MAX_RESPONSE = 16 * 1024 * 1024;

    private final JsonCalls calls;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final String hostHeader;
    private final long timeoutNanos;
    private final byte[] payload;
    private final ThreadLocal<HttpConnection> connections = new ThreadLocal<>();
    private final Set<HttpConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    HttpJsonClient(JsonCalls calls, String host, int port, Duration timeout, int payloadSize, int ioThreads) {
        this.calls = calls;
        this.hostHeader = host + ":" + port;
        this.timeoutNanos = timeout.toNanos();
        this.payload = Workload.payload(payloadSize);
        this.group = EventLoops.newGroup(ioThreads, "http-json-client");
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(EventLoops.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .remoteAddress(new InetSocketAddress(host, port));
    }

    @Override
    public Object call(Operation op, long sequence) throws Exception {
        ByteBuf body = ByteBufAllocator.DEFAULT.ioBuffer();
        FullHttpRequest request;
        try {
            calls.writeArguments(argument(op, sequence), body);
            request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, calls.path(op), body);
        } catch (IOException | RuntimeException e) {
            body.release();
            throw e;
        }
        request.headers()
                .set(HttpHeaderNames.HOST, hostHeader)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        HttpConnection connection = connection();
        FullHttpResponse response;
        try {
            response = connection.exchange(request, timeoutNanos);
        } catch (Exception e) {
            discard(connection);
            throw e;
        }
        try {
            if (!response.status().equals(HttpResponseStatus.OK)) {
                throw new IOException("HTTP " + response.status() + " for " + op.methodName() + ": "
                        + response.content().toString(StandardCharsets.UTF_8));
            }
            return calls.readResult(op, response.content());
        } finally {
            response.release();
        }
    }

    private Object argument(Operation op, long sequence) {
        return switch (op) {
            case EXIST_USER -> String.valueOf(sequence);
            case CREATE_USER -> Workload.createdUser();
            case GET_USER -> sequence;
            case LIST_USER -> (int) sequence;
            case ECHO -> payload;
        };
    }

    /** Returns the calling thread's connection, opening it on first use or after a failure closed it. */
    private HttpConnection connection() throws IOException, InterruptedException {
        HttpConnection connection = connections.get();
        if (connection != null && connection.isOpen()) {
            return connection;
        }
        if (connection != null) {
            discard(connection);
        }
        if (closed) {
            throw new IOException("HTTP client is closed");
        }
        HttpConnection created = new HttpConnection();
        Channel channel = bootstrap.clone()
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE), created);
                    }
                })
                .connect()
                .sync()
                .channel();
        created.attach(channel);
        open.add(created);
        connections.set(created);
        if (closed) {
            discard(created);
            throw new IOException("HTTP client is closed");
        }
        return created;
    }

    private void discard(HttpConnection connection) {
        connection.close();
        open.remove(connection);
        if (connections.get() == connection) {
            connections.remove();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (HttpConnection connection : open) {
            connection.close();
        }
        open.clear();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5000);
    }
}
