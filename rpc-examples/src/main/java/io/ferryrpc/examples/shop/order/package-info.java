/**
 * The order system (machine A): the local order book, the order flow that calls the payment and inventory systems
 * remotely, a bounded run of orders and its report, and the main that runs it on its own.
 */
package io.ferryrpc.examples.shop.order;
