package io.ferryrpc.examples.shop.api;

/** The account's balance does not cover the payment; a declared business exception that crosses the wire. */
public class InsufficientFundsException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the account and amounts. */
    public InsufficientFundsException(String message) {
        super(message);
    }
}
