package io.ferryrpc.examples.shop.api;

import java.math.BigDecimal;

/**
 * A request to pay for one order.
 *
 * @param orderId the order
 * @param account the buyer's account
 * @param amount the amount to charge
 */
public record PaymentRequest(String orderId, String account, BigDecimal amount) {}
