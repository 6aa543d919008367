/** The inventory system (machine C): its service implementation and the main that provides it. */
package io.ferryrpc.examples.shop.inventory;
