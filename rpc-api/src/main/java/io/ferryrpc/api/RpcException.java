package io.ferryrpc.api;

import java.util.Objects;

/**
 * The unchecked exception of every remote call that failed for a reason other than a business exception thrown
 * by the provider's method; {@link #code()} tells what happened.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class RpcException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a remote call failed. The wire value of each code is fixed and documented in {@code docs/protocol.md}. */
    public enum Code {
        /** The deadline passed before an answer arrived; the call may or may not have run on the provider. */
        TIMEOUT(1, false),
        /** No live provider of the service, version and group is known. The call was not sent. */
        NO_PROVIDER(2, true),
        /** The provider refused the call before running it (executor full, shutting down). Safe to retry. */
        SERVER_BUSY(3, true),
        /** No connection to the provider could be made, or it broke while the call was outstanding. */
        CONNECTION_FAILED(4, false),
        /** The provider's method threw an exception that cannot be re-thrown as its own type here. */
        REMOTE_ERROR(5, false),
        /** A value could not be encoded or decoded, or its type is not allowed. */
        SERIALIZATION(6, false),
        /** A peer broke the wire protocol. */
        PROTOCOL(7, false),
        /** The provider has no method with the requested call ID (consumer and provider interfaces differ). */
        INCOMPATIBLE_INTERFACE(8, true),
        /** The provider refused the caller's credentials. */
        FORBIDDEN(9, true),
        /** The call was cancelled by its caller. */
        CANCELLED(10, false),
        /** Something failed inside Ferry itself; the message says what. */
        INTERNAL(11, false);

        private final int wireValue;
        private final boolean neverProcessed;

        Code(int wireValue, boolean neverProcessed) {
            this.wireValue = wireValue;
            this.neverProcessed = neverProcessed;
        }

        /** Returns the value of this code in the status byte of a response frame. */
        public int wireValue() {
            return wireValue;
        }

        /**
         * Returns whether a failure with this code proves that the provider's method did not run, which makes
         * the call safe to retry elsewhere even when the method is not idempotent.
         */
        public boolean neverProcessed() {
            return neverProcessed;
        }

        /** Returns the code with the given wire value, or {@link #INTERNAL} for a value this version does not know. */
        public static Code fromWireValue(int value) {
            for (Code code : values()) {
                if (code.wireValue == value) {
                    return code;
                }
            }
            return INTERNAL;
        }
    }

    private final Code code;

    /** Creates an exception with the given code and message. */
    public RpcException(Code code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** Creates an exception with the given code, message and cause. */
    public RpcException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** Returns why the call failed. */
    public Code code() {
        return code;
    }

    /** Returns the class name, the code and the message, so that logged stack traces show the code. */
    @Override
    public String toString() {
        return getClass().getName() + ": [" + code + "] " + getMessage();
    }
}
