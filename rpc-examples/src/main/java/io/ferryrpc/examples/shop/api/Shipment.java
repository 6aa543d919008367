package io.ferryrpc.examples.shop.api;

import java.time.Instant;

/**
 * Goods on their way.
 *
 * @param shipmentId the inventory's id of the shipment (the tracking number)
 * @param orderId the order
 * @param sku the product
 * @param quantity how many items
 * @param address where they go
 * @param shippedAt when they left
 * @param shippedBy which inventory machine shipped them
 */
public record Shipment(String shipmentId, String orderId, String sku, int quantity, String address,
        Instant shippedAt, String shippedBy) {}
