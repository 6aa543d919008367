package io.ferryrpc.examples.shop.api;

/** There is no order with that id. */
public class UnknownOrderException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the order. */
    public UnknownOrderException(String message) {
        super(message);
    }
}
