package io.ferryrpc.examples.shop.api;

/**
 * The stock of one product.
 *
 * @param sku the product
 * @param available items that can still be reserved
 * @param reserved items held by open reservations
 * @param shipped items shipped so far
 */
public record StockLevel(String sku, int available, int reserved, int shipped) {}
