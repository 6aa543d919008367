/**
 * The shop's service interfaces and their value types and business exceptions: all a consumer needs to depend on.
 * {@link io.ferryrpc.examples.shop.api.OrderService} runs on machine A, {@link
 * io.ferryrpc.examples.shop.api.PaymentService} on machine B and {@link io.ferryrpc.examples.shop.api.InventoryService}
 * on machine C.
 */
package io.ferryrpc.examples.shop.api;
