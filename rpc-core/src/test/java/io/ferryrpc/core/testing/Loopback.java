package io.ferryrpc.core.testing;

import io.ferryrpc.core.RpcServer;
import java.util.function.UnaryOperator;

/** Builds providers bound to and advertising 127.0.0.1 on an ephemeral port: tests never use another address. */
public final class Loopback {

    private Loopback() {}

    /** Returns a started server exporting {@code impl} as {@code type}. */
    public static <T> RpcServer server(Class<T> type, T impl, UnaryOperator<RpcServer.Builder> customize) {
        RpcServer server = customize.apply(RpcServer.builder().bindAddress("127.0.0.1").host("127.0.0.1").port(0))
                .build();
        server.export(type, impl);
        return server.start();
    }

    /** Returns {@code 127.0.0.1:port} of a started server. */
    public static String address(RpcServer server) {
        return "127.0.0.1:" + server.port();
    }
}
