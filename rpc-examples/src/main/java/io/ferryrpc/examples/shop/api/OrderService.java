package io.ferryrpc.examples.shop.api;

import io.ferryrpc.api.RpcService;

/**
 * The order system's own book of orders (machine A in the seed's story). The demo calls it locally, in the JVM
 * that runs the order flow; it is an {@code @RpcService} so that another system could read orders remotely too.
 */
@RpcService(version = "1.0")
public interface OrderService {

    /** Records a new order in state {@link OrderStatus#CREATED} and returns it with its id. */
    Order place(OrderRequest request);

    /**
     * Moves an order to {@code status}, with a note of why, and returns the order as it is now.
     *
     * @throws UnknownOrderException if there is no such order
     */
    Order updateStatus(String orderId, OrderStatus status, String note) throws UnknownOrderException;

    /**
     * Returns an order as it is now.
     *
     * @throws UnknownOrderException if there is no such order
     */
    Order find(String orderId) throws UnknownOrderException;
}
