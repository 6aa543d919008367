/** The payment system (machine B): its service implementation and the main that provides it. */
package io.ferryrpc.examples.shop.payment;
