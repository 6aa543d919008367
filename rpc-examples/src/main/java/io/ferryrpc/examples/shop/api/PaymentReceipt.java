package io.ferryrpc.examples.shop.api;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Proof of a payment.
 *
 * @param paymentId the payment system's id of the payment
 * @param orderId the order paid for
 * @param amount the amount charged
 * @param balanceAfter what is left on the account
 * @param paidAt when the payment was taken
 * @param processedBy which payment machine took it
 */
public record PaymentReceipt(String paymentId, String orderId, BigDecimal amount, BigDecimal balanceAfter,
        Instant paidAt, String processedBy) {}
