package io.ferryrpc.core.internal.protocol;

import io.ferryrpc.api.RpcException;

/** Values of the header's status byte in a response: OK, an {@link RpcException.Code}, or an application error. */
public final class Status {

    /** The call succeeded; the body holds the result. */
    public static final byte OK = 0;

    /** The provider's method threw; the body holds the exception's type, message and stack trace as text. */
    public static final byte APPLICATION_ERROR = 100;

    private Status() {}

    /** Returns the status byte of a Ferry-level failure with the given code. */
    public static byte of(RpcException.Code code) {
        return (byte) code.wireValue();
    }
}
