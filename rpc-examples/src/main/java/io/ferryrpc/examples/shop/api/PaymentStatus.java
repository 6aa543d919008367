package io.ferryrpc.examples.shop.api;

import java.math.BigDecimal;

/**
 * What became of a payment.
 *
 * @param paymentId the payment
 * @param orderId the order it paid for
 * @param account the account charged
 * @param amount the amount charged
 * @param state whether the money is still taken or was given back
 * @param processedBy which payment machine took it
 */
public record PaymentStatus(String paymentId, String orderId, String account, BigDecimal amount, State state,
        String processedBy) {

    /** The life of a payment. */
    public enum State {
        /** The amount was charged and is kept. */
        CAPTURED,
        /** The amount was given back. */
        REFUNDED
    }
}
