package io.ferryrpc.examples.shop.order;

import io.ferryrpc.examples.shop.api.Order;

/**
 * How one order went.
 *
 * @param number the order's place in the run, from 1
 * @param order the order in its final state
 * @param paidBy the payment machine that took the payment, or {@code null} if none was taken
 * @param reserveNanos how long the remote {@code reserve} call took, or -1 if it was not made
 * @param payNanos how long the remote {@code pay} call took, or -1 if it was not made
 * @param shipNanos how long the remote {@code ship} call took, or -1 if it was not made
 */
public record CheckoutResult(int number, Order order, String paidBy, long reserveNanos, long payNanos,
        long shipNanos) {}
