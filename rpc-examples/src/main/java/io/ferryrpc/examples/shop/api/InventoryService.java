package io.ferryrpc.examples.shop.api;

import io.ferryrpc.api.RpcMethod;
import io.ferryrpc.api.RpcService;

/**
 * The inventory system (machine C in the seed's story): holds stock for orders, ships it and tells how much is
 * left.
 *
 * <p>Stock is reserved before the order is paid, so an order is never charged for goods that are not there; the
 * reservation is shipped once paid, or released when the payment is declined.
 */
@RpcService(version = "1.0")
public interface InventoryService {

    /**
     * Takes {@code quantity} items of a product out of the available stock for an order.
     *
     * @throws OutOfStockException if fewer items are available than asked for; nothing is reserved
     */
    @RpcMethod(timeoutMillis = 2000)
    Reservation reserve(ReservationRequest request) throws OutOfStockException;

    /**
     * Ships a reservation to the order's address.
     *
     * @throws UnknownReservationException if there is no such open reservation (it was released or shipped)
     */
    @RpcMethod(timeoutMillis = 2000)
    Shipment ship(ShipmentRequest request) throws UnknownReservationException;

    /** Puts a reservation's items back into the available stock; returns whether it was open. */
    @RpcMethod(timeoutMillis = 2000)
    boolean release(String reservationId);

    /** Returns the stock of a product now (all zero for a product the inventory does not carry). */
    @RpcMethod(timeoutMillis = 1000, idempotent = true)
    StockLevel stock(String sku);
}
