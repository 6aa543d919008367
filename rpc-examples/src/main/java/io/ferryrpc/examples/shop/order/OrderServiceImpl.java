package io.ferryrpc.examples.shop.order;

import io.ferryrpc.examples.shop.api.Order;
import io.ferryrpc.examples.shop.api.OrderRequest;
import io.ferryrpc.examples.shop.api.OrderService;
import io.ferryrpc.examples.shop.api.OrderStatus;
import io.ferryrpc.examples.shop.api.UnknownOrderException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The order book of machine A, in memory. Order ids are {@code <prefix>-1}, {@code <prefix>-2}, ... in the order
 * orders are placed. Thread-safe.
 */
public final class OrderServiceImpl implements OrderService {

    /** The most orders kept; placing more is refused, so memory stays bounded. */
    public static final int MAX_ORDERS = 1_000_000;

    private final String prefix;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Order> orders = new ConcurrentHashMap<>();

    /** Creates an empty book whose order ids start with {@code prefix}. */
    public OrderServiceImpl(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Order place(OrderRequest request) {
        if (request.quantity() < 1 || request.amount().signum() <= 0) {
            throw new IllegalArgumentException("an order needs a quantity and an amount: " + request);
        }
        long n = sequence.incrementAndGet();
        if (n > MAX_ORDERS) {
            throw new IllegalStateException("order book full (" + MAX_ORDERS + " orders)");
        }
        Order order = new Order(prefix + "-" + n, request.account(), request.sku(), request.quantity(),
                request.amount(), request.address(), OrderStatus.CREATED, "", Instant.now());
        orders.put(order.orderId(), order);
        return order;
    }

    @Override
    public Order updateStatus(String orderId, OrderStatus status, String note) throws UnknownOrderException {
        Order updated = orders.computeIfPresent(orderId, (id, o) -> {
            if (o.status().isFinal()) {
                throw new IllegalStateException(id + " is already " + o.status() + "; cannot become " + status);
            }
            return new Order(id, o.account(), o.sku(), o.quantity(), o.amount(), o.address(), status, note,
                    Instant.now());
        });
        if (updated == null) {
            throw new UnknownOrderException("no order " + orderId);
        }
        return updated;
    }

    @Override
    public Order find(String orderId) throws UnknownOrderException {
        Order order = orders.get(orderId);
        if (order == null) {
            throw new UnknownOrderException("no order " + orderId);
        }
        return order;
    }
}
