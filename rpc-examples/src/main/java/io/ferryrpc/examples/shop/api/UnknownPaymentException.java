package io.ferryrpc.examples.shop.api;

/** The payment machine asked has no payment with that id; a declared business exception that crosses the wire. */
public class UnknownPaymentException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the payment. */
    public UnknownPaymentException(String message) {
        super(message);
    }
}
