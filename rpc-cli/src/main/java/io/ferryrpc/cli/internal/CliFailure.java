package io.ferryrpc.cli.internal;

/** A failure the tool reports as one line on stderr with its exit code, without a stack trace. */
public final class CliFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Exit code of a failure outside the tool: unreachable registry, failed call. */
    public static final int FAILED = 1;
    /** Exit code of a wrong command line: unknown service, malformed JSON. */
    public static final int USAGE = 2;

    private final int exitCode;

    /** Creates a failure that exits with {@code exitCode}. */
    public CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** Returns the process exit code. */
    public int exitCode() {
        return exitCode;
    }
}
