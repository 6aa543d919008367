package io.ferryrpc.examples.shop.api;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Proof of a refund.
 *
 * @param refundId the payment system's id of the refund
 * @param paymentId the payment refunded
 * @param orderId the order it paid for
 * @param amount the amount given back
 * @param balanceAfter the account's balance after the refund
 * @param refundedAt when the refund was made
 * @param processedBy which payment machine made it
 */
public record RefundReceipt(String refundId, String paymentId, String orderId, BigDecimal amount,
        BigDecimal balanceAfter, Instant refundedAt, String processedBy) {}
