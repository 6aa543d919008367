package io.ferryrpc.examples.shop.api;

/**
 * A request to hold stock for an order.
 *
 * @param orderId the order
 * @param sku the product
 * @param quantity how many items, at least 1
 */
public record ReservationRequest(String orderId, String sku, int quantity) {}
