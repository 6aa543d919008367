package io.ferryrpc.monitor;

import io.ferryrpc.api.RpcService;

/** A small service for the monitor's tests. */
@RpcService(name = "shop.Payments", version = "1.0")
public interface Payments {

    /** Pays an order. */
    String pay(String order);

    /** Always fails, so that errors are counted. */
    String refund(String order);

    /** Implements {@link Payments} the same way on every provider. */
    final class Impl implements Payments {
        @Override
        public String pay(String order) {
            return "paid " + order;
        }

        @Override
        public String refund(String order) {
            throw new IllegalStateException("no refunds for " + order);
        }
    }
}
