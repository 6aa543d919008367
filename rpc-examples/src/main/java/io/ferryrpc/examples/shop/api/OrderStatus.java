package io.ferryrpc.examples.shop.api;

/** Where an order is in its life; the last five are final. */
public enum OrderStatus {
    /** Placed, nothing else done yet. */
    CREATED,
    /** Stock is held for it. */
    STOCK_RESERVED,
    /** Paid, not shipped yet. */
    PAID,
    /** Final: paid and on its way. */
    PAID_AND_SHIPPED,
    /** Final: the payment was declined (insufficient funds); the held stock was released. */
    PAYMENT_DECLINED,
    /** Final: the stock did not cover it; nothing was charged. */
    OUT_OF_STOCK,
    /** Final: paid, but the shipment failed, so the payment was refunded. */
    SHIPPING_FAILED_REFUNDED,
    /** Final: a remote call failed (no provider, timeout, ...) and the order could not be completed. */
    FAILED;

    /** Returns whether the order's life has ended. */
    public boolean isFinal() {
        return ordinal() >= PAID_AND_SHIPPED.ordinal();
    }
}
