package io.ferryrpc.examples.shop.api;

/**
 * A request to ship reserved stock.
 *
 * @param reservationId the reservation to ship
 * @param orderId the order it belongs to
 * @param address where to ship it
 */
public record ShipmentRequest(String reservationId, String orderId, String address) {}
