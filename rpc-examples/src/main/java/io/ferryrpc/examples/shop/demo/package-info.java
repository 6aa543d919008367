/**
 * The one-command demo: a launcher that runs a registry, the monitor center, the payment and inventory machines as
 * separate JVMs and the order system, stops a payment machine midway, and sums up.
 */
package io.ferryrpc.examples.shop.demo;
