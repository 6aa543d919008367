package io.ferryrpc.examples.shop.inventory;

import io.ferryrpc.examples.shop.api.InventoryService;
import io.ferryrpc.examples.shop.api.OutOfStockException;
import io.ferryrpc.examples.shop.api.Reservation;
import io.ferryrpc.examples.shop.api.ReservationRequest;
import io.ferryrpc.examples.shop.api.Shipment;
import io.ferryrpc.examples.shop.api.ShipmentRequest;
import io.ferryrpc.examples.shop.api.StockLevel;
import io.ferryrpc.examples.shop.api.UnknownReservationException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One inventory machine's stock, in memory. Thread-safe: one lock, because a reservation moves items between the
 * available and reserved counts of a product and must never oversell.
 */
public final class InventoryServiceImpl implements InventoryService {

    /** The most open reservations kept; more are refused, so memory stays bounded. */
    public static final int MAX_OPEN_RESERVATIONS = 100_000;

    private final String machine;
    private final Map<String, int[]> stock = new HashMap<>();
    private final Map<String, Reservation> open = new HashMap<>();

    private static final int AVAILABLE = 0;
    private static final int RESERVED = 1;
    private static final int SHIPPED = 2;

    /**
     * Creates an inventory.
     *
     * @param machine the name this machine signs its reservations and shipments with
     * @param initialStock the items available per product at start
     */
    public InventoryServiceImpl(String machine, Map<String, Integer> initialStock) {
        this.machine = Objects.requireNonNull(machine, "machine");
        initialStock.forEach((sku, n) -> {
            if (n < 0) {
                throw new IllegalArgumentException("stock of " + sku + ": " + n + " (expected: >= 0)");
            }
            stock.put(sku, new int[] {n, 0, 0});
        });
    }

    @Override
    public Reservation reserve(ReservationRequest request) throws OutOfStockException {
        if (request.quantity() < 1) {
            throw new IllegalArgumentException("quantity must be at least 1: " + request.quantity());
        }
        synchronized (this) {
            int[] counts = stock.get(request.sku());
            int available = counts == null ? 0 : counts[AVAILABLE];
            if (available < request.quantity()) {
                throw new OutOfStockException(machine + ": order " + request.orderId() + " wants "
                        + request.quantity() + " x " + request.sku() + ", " + available + " available");
            }
            if (open.size() >= MAX_OPEN_RESERVATIONS) {
                throw new IllegalStateException(machine + ": too many open reservations (" + MAX_OPEN_RESERVATIONS + ")");
            }
            counts[AVAILABLE] -= request.quantity();
            counts[RESERVED] += request.quantity();
            Reservation reservation = new Reservation(UUID.randomUUID().toString(), request.orderId(), request.sku(),
                    request.quantity(), counts[AVAILABLE], machine);
            open.put(reservation.reservationId(), reservation);
            return reservation;
        }
    }

    @Override
    public Shipment ship(ShipmentRequest request) throws UnknownReservationException {
        synchronized (this) {
            Reservation reservation = open.remove(request.reservationId());
            if (reservation == null) {
                throw new UnknownReservationException(machine + " has no open reservation " + request.reservationId()
                        + " (order " + request.orderId() + ")");
            }
            int[] counts = stock.get(reservation.sku());
            counts[RESERVED] -= reservation.quantity();
            counts[SHIPPED] += reservation.quantity();
            return new Shipment(UUID.randomUUID().toString(), reservation.orderId(), reservation.sku(),
                    reservation.quantity(), request.address(), Instant.now(), machine);
        }
    }

    @Override
    public boolean release(String reservationId) {
        synchronized (this) {
            Reservation reservation = open.remove(reservationId);
            if (reservation == null) {
                return false;
            }
            int[] counts = stock.get(reservation.sku());
            counts[RESERVED] -= reservation.quantity();
            counts[AVAILABLE] += reservation.quantity();
            return true;
        }
    }

    @Override
    public synchronized StockLevel stock(String sku) {
        int[] counts = stock.get(sku);
        return counts == null ? new StockLevel(sku, 0, 0, 0)
                : new StockLevel(sku, counts[AVAILABLE], counts[RESERVED], counts[SHIPPED]);
    }
}
