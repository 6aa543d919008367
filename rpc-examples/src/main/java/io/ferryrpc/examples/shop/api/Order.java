package io.ferryrpc.examples.shop.api;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An order as the order system holds it.
 *
 * @param orderId the order's id
 * @param account the buyer's payment account
 * @param sku the product
 * @param quantity how many items
 * @param amount the total to pay
 * @param address where to ship it
 * @param status where the order is in its life
 * @param note why it is in that state (the payment or shipment id, or the reason it stopped)
 * @param updatedAt when the status last changed
 */
public record Order(String orderId, String account, String sku, int quantity, BigDecimal amount, String address,
        OrderStatus status, String note, Instant updatedAt) {}
