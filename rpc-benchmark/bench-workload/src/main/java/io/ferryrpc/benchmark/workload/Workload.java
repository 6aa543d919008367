package io.ferryrpc.benchmark.workload;

/**
 * Performs one call of an operation through typed stubs, with the arguments dubbo-benchmark's client sends
 * (derived from a call sequence number), and returns the result so that nothing is optimized away.
 */
public final class Workload {

    private static final User CREATED = UserServiceImpl.user(1, "");

    private final UserService users;
    private final PayloadService payloads;
    private final byte[] payload;

    /** Creates a workload over the two stubs; {@code payloadSize} is the echo's size in bytes. */
    public Workload(UserService users, PayloadService payloads, int payloadSize) {
        this.users = users;
        this.payloads = payloads;
        this.payload = payload(payloadSize);
    }

    /** Returns the echo payload of {@code size} bytes, the same bytes in every peer. */
    public static byte[] payload(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    /** Returns the user that {@code createUser} sends. */
    public static User createdUser() {
        return CREATED;
    }

    /** Calls {@code op} once; {@code sequence} varies the arguments the way dubbo-benchmark's counter does. */
    public Object call(Operation op, long sequence) {
        return switch (op) {
            case EXIST_USER -> users.existUser(String.valueOf(sequence));
            case CREATE_USER -> users.createUser(CREATED);
            case GET_USER -> users.getUser(sequence);
            case LIST_USER -> users.listUser((int) sequence);
            case ECHO -> payloads.echo(payload);
        };
    }
}
