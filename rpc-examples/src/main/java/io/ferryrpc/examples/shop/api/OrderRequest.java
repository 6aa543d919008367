package io.ferryrpc.examples.shop.api;

import java.math.BigDecimal;

/**
 * What a buyer orders.
 *
 * @param account the buyer's payment account
 * @param sku the product
 * @param quantity how many items, at least 1
 * @param amount the total to pay
 * @param address where to ship it
 */
public record OrderRequest(String account, String sku, int quantity, BigDecimal amount, String address) {}
