/** The order system (machine A): places orders locally and calls the other systems remotely. */
package io.ferryrpc.examples.shop.order;
