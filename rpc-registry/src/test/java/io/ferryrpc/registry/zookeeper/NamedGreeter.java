package io.ferryrpc.registry.zookeeper;

/** A {@link Greeter} that answers with its own name. */
public final class NamedGreeter implements Greeter {

    private final String name;

    /** Creates a greeter called {@code name}. */
    public NamedGreeter(String name) {
        this.name = name;
    }

    @Override
    public String whoAmI() {
        return name;
    }

    @Override
    public String greet(String who) {
        return name + " greets " + who;
    }
}
