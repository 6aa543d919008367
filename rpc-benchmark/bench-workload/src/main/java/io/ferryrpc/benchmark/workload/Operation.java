package io.ferryrpc.benchmark.workload;

/** The calls a scenario can measure: the four of the dubbo-benchmark workload and the payload echo. */
public enum Operation {
    /** {@link UserService#existUser}. */
    EXIST_USER("existUser"),
    /** {@link UserService#createUser}. */
    CREATE_USER("createUser"),
    /** {@link UserService#getUser}. */
    GET_USER("getUser"),
    /** {@link UserService#listUser}. */
    LIST_USER("listUser"),
    /** {@link PayloadService#echo}, with a payload size chosen per scenario. */
    ECHO("echo");

    private final String methodName;

    Operation(String methodName) {
        this.methodName = methodName;
    }

    /** Returns the name of the interface method, as used on the command line and in reports. */
    public String methodName() {
        return methodName;
    }

    /** Returns the operation of a method name such as {@code getUser}. */
    public static Operation ofMethod(String name) {
        for (Operation op : values()) {
            if (op.methodName.equals(name)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown operation: " + name + " (expected existUser, createUser, "
                + "getUser, listUser or echo)");
    }
}
