package io.ferryrpc.benchmark.http;

import io.ferryrpc.benchmark.workload.Operation;
import io.ferryrpc.benchmark.workload.UserServiceImpl;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code POST /Service/method} on the IO thread that read the request: it decodes the JSON arguments, calls
 * the workload's provider and writes the JSON result. The IO thread, not a pool, because the provider does a few
 * microseconds of non-blocking work: a hand-off to a pool would add two thread switches per call and make this
 * baseline slower than it needs to be, and the baseline should be HTTP and JSON at their best.
 */
@ChannelHandler.Sharable
final class HttpJsonServerHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(HttpJsonServerHandler.class);

    private final JsonCalls calls;
    private final UserServiceImpl service = new UserServiceImpl();

    HttpJsonServerHandler(JsonCalls calls) {
        this.calls = calls;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        Operation op = calls.operation(request.uri());
        FullHttpResponse response;
        if (op == null) {
            response = text(ctx, HttpResponseStatus.NOT_FOUND, "no operation at " + request.uri());
        } else if (!HttpMethod.POST.equals(request.method())) {
            response = text(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, request.method() + " " + request.uri());
        } else {
            response = answer(ctx, op, request.content());
        }
        response.headers()
                .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        if (keepAlive) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private FullHttpResponse answer(ChannelHandlerContext ctx, Operation op, ByteBuf body) {
        Object argument;
        try {
            argument = calls.readArgument(op, body);
        } catch (IOException | RuntimeException e) {
            return text(ctx, HttpResponseStatus.BAD_REQUEST, "cannot read the arguments of " + op.methodName() + ": "
                    + e.getMessage());
        }
        ByteBuf out = ctx.alloc().ioBuffer();
        try {
            calls.writeResult(JsonCalls.invoke(service, op, argument), out);
        } catch (IOException | RuntimeException e) {
            out.release();
            log.warn("{} failed", op.methodName(), e);
            return text(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, op.methodName() + " failed: " + e);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, out);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        return response;
    }

    private static FullHttpResponse text(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                ByteBufUtil.writeUtf8(ctx.alloc(), message));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
        return response;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("closing {}: {}", ctx.channel(), cause.toString());
        ctx.close();
    }
}
