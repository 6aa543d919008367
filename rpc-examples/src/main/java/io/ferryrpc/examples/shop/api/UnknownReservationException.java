package io.ferryrpc.examples.shop.api;

/** No open reservation has that id (it was shipped or released); a declared business exception. */
public class UnknownReservationException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the reservation. */
    public UnknownReservationException(String message) {
        super(message);
    }
}
