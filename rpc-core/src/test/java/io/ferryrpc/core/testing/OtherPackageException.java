package io.ferryrpc.core.testing;

/** An unchecked exception outside the service interface's package, known to both sides. */
public class OtherPackageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public OtherPackageException(String message) {
        super(message);
    }
}
