package io.ferryrpc.examples.shop.order;

import io.ferryrpc.examples.shop.api.OrderRequest;
import java.math.BigDecimal;

/**
 * The demo's stream of orders, the same on every run so that its outcome can be predicted: every tenth order
 * (7, 17, ...) comes from {@code dave}, whose account holds less than any product costs (declined); every fifth
 * (3, 8, 13, ...) is for a {@code poster}, of which the inventory holds only a few (the rest are out of stock); the
 * others buy mugs and t-shirts, of which there is plenty, from accounts that can pay.
 */
public final class DemoOrders {

    private static final String[] BUYERS = {"alice", "bob", "carol"};
    private static final BigDecimal MUG = new BigDecimal("12.50");
    private static final BigDecimal T_SHIRT = new BigDecimal("25.00");
    private static final BigDecimal POSTER = new BigDecimal("8.00");

    private DemoOrders() {}

    /** Returns the {@code n}-th order of the stream, from 1. */
    public static OrderRequest request(int n) {
        String address = n + " Harbour Street, Portsmouth";
        if (n % 10 == 7) {
            return new OrderRequest("dave", "mug", 1, MUG, address);
        }
        String buyer = BUYERS[n % BUYERS.length];
        if (n % 5 == 3) {
            return new OrderRequest(buyer, "poster", 1, POSTER, address);
        }
        int quantity = 1 + n % 2;
        boolean mug = n % 3 == 0;
        BigDecimal price = mug ? MUG : T_SHIRT;
        return new OrderRequest(buyer, mug ? "mug" : "t-shirt", quantity, price.multiply(BigDecimal.valueOf(quantity)),
                address);
    }

    /** Returns how many of the first {@code orders} orders are for a poster. */
    public static int posterOrders(int orders) {
        int count = 0;
        for (int n = 1; n <= orders; n++) {
            count += request(n).sku().equals("poster") ? 1 : 0;
        }
        return count;
    }

    /** Returns how many of the first {@code orders} orders come from the account that cannot pay. */
    public static int unpayableOrders(int orders) {
        int count = 0;
        for (int n = 1; n <= orders; n++) {
            count += request(n).account().equals("dave") ? 1 : 0;
        }
        return count;
    }
}
