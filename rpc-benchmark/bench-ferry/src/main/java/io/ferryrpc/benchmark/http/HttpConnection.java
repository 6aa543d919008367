package io.ferryrpc.benchmark.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One keep-alive HTTP/1.1 connection with at most one request in flight, as HTTP/1.1 allows without pipelining:
 * the caller sends and blocks on a future that the connection's IO thread completes with the response. A
 * connection whose exchange failed or timed out is out of step with its server and must be closed by its owner.
 */
final class HttpConnection extends SimpleChannelInboundHandler<FullHttpResponse> {

    private volatile Channel channel;
    private volatile CompletableFuture<FullHttpResponse> current;

    HttpConnection() {
        // Responses are handed to the caller, which releases them.
        super(false);
    }

    void attach(Channel channel) {
        this.channel = channel;
    }

    /** Sends {@code request} and returns its response, which the caller releases. */
    FullHttpResponse exchange(FullHttpRequest request, long timeoutNanos) throws Exception {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            request.release();
            throw new IOException("HTTP connection is closed");
        }
        CompletableFuture<FullHttpResponse> response = new CompletableFuture<>();
        current = response;
        ch.writeAndFlush(request, ch.voidPromise());
        try {
            return response.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | InterruptedException e) {
            if (!response.completeExceptionally(e)) {
                response.thenAccept(FullHttpResponse::release);
            }
            throw e;
        } catch (ExecutionException e) {
            throw new IOException("HTTP exchange failed: " + e.getCause(), e.getCause());
        }
    }

    boolean isOpen() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    void close() {
        Channel ch = channel;
        if (ch != null) {
            ch.close().awaitUninterruptibly(2000);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        CompletableFuture<FullHttpResponse> waiting = current;
        if (waiting == null || !waiting.complete(response)) {
            response.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        CompletableFuture<FullHttpResponse> waiting = current;
        if (waiting != null) {
            waiting.completeExceptionally(new IOException("HTTP connection closed by the server"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        CompletableFuture<FullHttpResponse> waiting = current;
        if (waiting != null) {
            waiting.completeExceptionally(cause);
        }
        ctx.close();
    }
}
