package io.ferryrpc.examples.shop.api;

/**
 * Stock held for an order until it is shipped or released.
 *
 * @param reservationId the inventory's id of the reservation
 * @param orderId the order
 * @param sku the product
 * @param quantity how many items are held
 * @param availableAfter how many items of the product are still available to others
 * @param reservedBy which inventory machine holds it
 */
public record Reservation(String reservationId, String orderId, String sku, int quantity, int availableAfter,
        String reservedBy) {}
