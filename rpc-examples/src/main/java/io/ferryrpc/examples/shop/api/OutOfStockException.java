package io.ferryrpc.examples.shop.api;

/** Fewer items are available than an order asks for; a declared business exception that crosses the wire. */
public class OutOfStockException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the product and the quantities. */
    public OutOfStockException(String message) {
        super(message);
    }
}
