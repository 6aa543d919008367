package io.ferryrpc.examples.shop.api;

/**
 * A request to give a payment back.
 *
 * @param paymentId the payment, as its receipt names it
 * @param orderId the order it paid for
 * @param reason why it is refunded, kept in the payment's journal
 */
public record RefundRequest(String paymentId, String orderId, String reason) {}
