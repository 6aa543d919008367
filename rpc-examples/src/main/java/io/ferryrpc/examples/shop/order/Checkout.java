package io.ferryrpc.examples.shop.order;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.RpcContext;
import io.ferryrpc.examples.shop.api.InsufficientFundsException;
import io.ferryrpc.examples.shop.api.InventoryService;
import io.ferryrpc.examples.shop.api.Order;
import io.ferryrpc.examples.shop.api.OrderService;
import io.ferryrpc.examples.shop.api.OrderStatus;
import io.ferryrpc.examples.shop.api.OutOfStockException;
import io.ferryrpc.examples.shop.api.PaymentReceipt;
import io.ferryrpc.examples.shop.api.PaymentRequest;
import io.ferryrpc.examples.shop.api.PaymentService;
import io.ferryrpc.examples.shop.api.RefundReceipt;
import io.ferryrpc.examples.shop.api.RefundRequest;
import io.ferryrpc.examples.shop.api.Reservation;
import io.ferryrpc.examples.shop.api.ReservationRequest;
import io.ferryrpc.examples.shop.api.Shipment;
import io.ferryrpc.examples.shop.api.ShipmentRequest;
import io.ferryrpc.examples.shop.api.UnknownOrderException;
import io.ferryrpc.examples.shop.api.UnknownPaymentException;
import io.ferryrpc.examples.shop.api.UnknownReservationException;
import io.ferryrpc.examples.shop.node.CallLog;
import io.ferryrpc.examples.shop.node.FlowLog;
import java.util.Objects;

/**
 * The order flow of machine A. The order book is local; the inventory (machine C) and the payment system
 * (machine B) are remote, called through their interfaces as if they were local:
 *
 * <ol>
 *   <li>reserve the stock on C, so that nobody is charged for goods that are not there
 *       ({@link OutOfStockException}: the order ends {@link OrderStatus#OUT_OF_STOCK}, nothing charged);
 *   <li>pay on B and wait for the result, then record {@link OrderStatus#PAID} locally
 *       ({@link InsufficientFundsException}: the reservation is released and the order ends
 *       {@link OrderStatus#PAYMENT_DECLINED});
 *   <li>ship the reservation on C: {@link OrderStatus#PAID_AND_SHIPPED}; if shipping fails the payment is
 *       refunded and the order ends {@link OrderStatus#SHIPPING_FAILED_REFUNDED}.
 * </ol>
 *
 * <p>A call that fails for a reason other than the business ones (an {@link RpcException}: no provider, timeout)
 * ends the order {@link OrderStatus#FAILED} after undoing what can be undone. Thread-safe: orders may be checked
 * out concurrently.
 */
public final class Checkout {

    private final OrderService orders;
    private final InventoryService inventory;
    private final PaymentService payments;
    private final FlowLog log;

    /** Creates the flow over the local order book and the two remote systems' proxies. */
    public Checkout(OrderService orders, InventoryService inventory, PaymentService payments, FlowLog log) {
        this.orders = Objects.requireNonNull(orders, "orders");
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.payments = Objects.requireNonNull(payments, "payments");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Takes a placed order through the flow to a final state.
     *
     * @param number the order's place in the run
     * @param placed the order as placed (status {@code CREATED})
     * @param tell whether to describe every step in the flow log
     */
    public CheckoutResult checkout(int number, Order placed, boolean tell) {
        // Every remote call made for this order carries its id, so the payment and inventory machines' logs name it.
        return RpcContext.current().withAttachment(CallLog.TRACE_ATTACHMENT, placed.orderId())
                .supply(() -> flow(number, placed, tell));
    }

    private CheckoutResult flow(int number, Order placed, boolean tell) {
        String id = placed.orderId();
        Step step = new Step(number, placed, tell);

        Reservation reservation;
        long start = System.nanoTime();
        try {
            reservation = inventory.reserve(new ReservationRequest(id, placed.sku(), placed.quantity()));
            step.reserveNanos = System.nanoTime() - start;
            step.tell("[remote C] reserved %d x %s on %s in %.2f ms (%d left)", reservation.quantity(),
                    reservation.sku(), reservation.reservedBy(), millis(step.reserveNanos), reservation.availableAfter());
            step.update(OrderStatus.STOCK_RESERVED, reservation.reservationId());
        } catch (OutOfStockException e) {
            step.reserveNanos = System.nanoTime() - start;
            step.tell("[remote C] out of stock (%.2f ms): %s", millis(step.reserveNanos), e.getMessage());
            return step.finish(OrderStatus.OUT_OF_STOCK, e.getMessage());
        } catch (RpcException e) {
            step.reserveNanos = System.nanoTime() - start;
            return step.fail("reserve", e);
        }

        PaymentReceipt receipt;
        start = System.nanoTime();
        try {
            receipt = payments.pay(new PaymentRequest(id, placed.account(), placed.amount()));
            step.payNanos = System.nanoTime() - start;
            step.paidBy = receipt.processedBy();
            step.tell("[remote B] paid %s from %s on %s in %.2f ms (balance left %s)", receipt.amount(),
                    placed.account(), receipt.processedBy(), millis(step.payNanos), receipt.balanceAfter());
            step.update(OrderStatus.PAID, "payment " + receipt.paymentId() + " on " + receipt.processedBy());
        } catch (InsufficientFundsException e) {
            step.payNanos = System.nanoTime() - start;
            step.tell("[remote B] payment declined (%.2f ms): %s", millis(step.payNanos), e.getMessage());
            release(step, reservation);
            return step.finish(OrderStatus.PAYMENT_DECLINED, e.getMessage());
        } catch (RpcException e) {
            step.payNanos = System.nanoTime() - start;
            release(step, reservation);
            return step.fail("pay", e);
        }

        start = System.nanoTime();
        try {
            Shipment shipment = inventory.ship(new ShipmentRequest(reservation.reservationId(), id, placed.address()));
            step.shipNanos = System.nanoTime() - start;
            step.tell("[remote C] shipped on %s in %.2f ms, tracking %s", shipment.shippedBy(),
                    millis(step.shipNanos), shipment.shipmentId());
            return step.finish(OrderStatus.PAID_AND_SHIPPED, "shipment " + shipment.shipmentId());
        } catch (UnknownReservationException | RpcException e) {
            step.shipNanos = System.nanoTime() - start;
            step.tell("[remote C] shipping failed: %s", e.getMessage());
            return refund(step, receipt, "shipping failed: " + e.getMessage());
        }
    }

    private CheckoutResult refund(Step step, PaymentReceipt receipt, String reason) {
        try {
            RefundReceipt refund = payments.refund(new RefundRequest(receipt.paymentId(), receipt.orderId(), reason));
            step.tell("[remote B] refunded %s on %s", refund.amount(), refund.processedBy());
            step.paidBy = receipt.processedBy();
            return step.finish(OrderStatus.SHIPPING_FAILED_REFUNDED, reason + "; refund " + refund.refundId());
        } catch (UnknownPaymentException | RpcException e) {
            // The money is still taken and the goods did not leave: a person must look at this order.
            return step.finish(OrderStatus.FAILED, reason + "; refund of payment " + receipt.paymentId()
                    + " on " + receipt.processedBy() + " failed: " + e.getMessage());
        }
    }

    private void release(Step step, Reservation reservation) {
        try {
            inventory.release(reservation.reservationId());
            step.tell("[remote C] released the reservation");
        } catch (RpcException e) {
            // The stock stays held; the order's note says so, the order's outcome does not change.
            step.note = "; reservation " + reservation.reservationId() + " not released: " + e.code();
        }
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** The state of one checkout as it goes. */
    private final class Step {
        final int number;
        final Order placed;
        final boolean tell;
        long reserveNanos = -1;
        long payNanos = -1;
        long shipNanos = -1;
        String paidBy;
        String note = "";

        Step(int number, Order placed, boolean tell) {
            this.number = number;
            this.placed = placed;
            this.tell = tell;
        }

        void tell(String format, Object... args) {
            if (tell) {
                log.say(placed.orderId() + " " + format, args);
            }
        }

        Order update(OrderStatus status, String why) {
            try {
                Order order = orders.updateStatus(placed.orderId(), status, why);
                tell("[local]    status %s", status);
                return order;
            } catch (UnknownOrderException e) {
                throw new IllegalStateException("the order book lost " + placed.orderId(), e);
            }
        }

        CheckoutResult finish(OrderStatus status, String why) {
            Order order = update(status, why + note);
            return new CheckoutResult(number, order, paidBy, reserveNanos, payNanos, shipNanos);
        }

        CheckoutResult fail(String call, RpcException e) {
            // Always told, detailed or not: failures are rare and are what a reader looks for.
            log.say("%s [remote] %s failed: %s %s", placed.orderId(), call, e.code(), e.getMessage());
            return finish(OrderStatus.FAILED, call + " failed: " + e.code());
        }
    }
}
