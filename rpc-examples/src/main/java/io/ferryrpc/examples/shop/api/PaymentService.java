package io.ferryrpc.examples.shop.api;

import io.ferryrpc.api.RpcMethod;
import io.ferryrpc.api.RpcService;

/** The payment system (machine B in the seed's story): takes payments for orders. */
@RpcService(version = "1.0")
public interface PaymentService {

    /** Charges the buyer's account for an order; fails when the balance is too low. */
    @RpcMethod(timeoutMillis = 2000)
    PaymentReceipt pay(PaymentRequest request) throws InsufficientFundsException;
}
