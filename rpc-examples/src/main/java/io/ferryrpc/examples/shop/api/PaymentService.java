package io.ferryrpc.examples.shop.api;

import io.ferryrpc.api.RpcMethod;
import io.ferryrpc.api.RpcService;

/**
 * The payment system (machine B in the seed's story): takes payments for orders, refunds them and answers what
 * became of a payment.
 *
 * <p>{@link #pay} is idempotent per order id on one machine: paying the same order twice there returns the first
 * receipt instead of charging twice. It is still not marked idempotent for the cluster layer, because two payment
 * machines do not share their journals (a real deployment would keep them in one database), so a retry after a
 * timeout could charge on the other machine.
 */
@RpcService(version = "1.0")
public interface PaymentService {

    /**
     * Charges the buyer's account for an order.
     *
     * @throws InsufficientFundsException if the account's balance does not cover the amount; nothing is charged
     */
    @RpcMethod(timeoutMillis = 2000)
    PaymentReceipt pay(PaymentRequest request) throws InsufficientFundsException;

    /**
     * Gives a payment back to the account it was taken from; refunding a refunded payment again returns the first
     * refund's receipt.
     *
     * @throws UnknownPaymentException if this payment machine did not take the payment
     */
    @RpcMethod(timeoutMillis = 2000)
    RefundReceipt refund(RefundRequest request) throws UnknownPaymentException;

    /**
     * Returns what became of a payment.
     *
     * @throws UnknownPaymentException if this payment machine did not take the payment
     */
    @RpcMethod(timeoutMillis = 1000, idempotent = true)
    PaymentStatus query(String paymentId) throws UnknownPaymentException;
}
