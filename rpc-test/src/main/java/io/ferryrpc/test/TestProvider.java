package io.ferryrpc.test;

import io.ferryrpc.core.RpcServer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provider a {@link FerryExtension} runs: a real {@link RpcServer} on 127.0.0.1, registered in the extension's
 * ZooKeeper if it has one, with {@link ProviderFaults} to inject faults and a way to take it away and bring it back.
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class TestProvider {

    private static final Logger log = LoggerFactory.getLogger(TestProvider.class);

    private final String name;
    private final Class<?> type;
    private final Object implementation;
    private final UnaryOperator<RpcServer.Builder> customize;
    private final String registryAddress;
    private final ProviderFaults faults = new ProviderFaults();
    private RpcServer server;
    private int port;

    <T> TestProvider(String name, Class<T> type, T implementation, UnaryOperator<RpcServer.Builder> customize,
            String registryAddress) {
        this.name = name;
        this.type = type;
        this.implementation = implementation;
        this.customize = customize;
        this.registryAddress = registryAddress;
    }

    /** Returns the name the test gave this provider. */
    public String name() {
        return name;
    }

    /** Returns the service interface it exports. */
    public Class<?> type() {
        return type;
    }

    /** Returns the implementation it exports, the same instance across {@link #drop()} and {@link #restore()}. */
    public Object implementation() {
        return implementation;
    }

    /** Returns the faults injected into it. */
    public ProviderFaults faults() {
        return faults;
    }

    /** Returns its port; it keeps it across {@link #restore()} when the port is still free. */
    public synchronized int port() {
        return port;
    }

    /** Returns {@code 127.0.0.1:port}. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** Returns whether it is serving now. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Returns the running server, for its {@link RpcServer#stats()}. */
    public synchronized RpcServer server() {
        if (server == null) {
            throw new IllegalStateException("provider " + name + " is dropped; restore() it first");
        }
        return server;
    }

    /**
     * Takes the provider away as a graceful shutdown does: it leaves the registry, tells its consumers, finishes
     * the calls in flight and closes. Does nothing if it is dropped already.
     */
    public void drop() {
        RpcServer closing;
        synchronized (this) {
            closing = server;
            server = null;
        }
        if (closing != null) {
            closing.close();
            log.info("test provider {} dropped", name);
        }
    }

    /** Starts the provider again, on its old port if that is free; does nothing if it is running. */
    public synchronized void restore() {
        if (server != null) {
            return;
        }
        try {
            server = start(port);
        } catch (IllegalStateException portTaken) {
            log.info("test provider {} cannot have port {} back ({}); taking a new one", name, port,
                    portTaken.getMessage());
            server = start(0);
        }
        port = server.port();
    }

    synchronized void startFirst() {
        server = start(0);
        port = server.port();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private RpcServer start(int onPort) {
        RpcServer.Builder builder = RpcServer.builder().bindAddress("127.0.0.1").host("127.0.0.1").port(onPort)
                .applicationName(name).unregisterGracePeriod(java.time.Duration.ofMillis(200))
                .shutdownTimeout(java.time.Duration.ofSeconds(5)).filter(new FaultFilter(faults));
        if (registryAddress != null) {
            builder.registry(registryAddress);
        }
        RpcServer built = customize.apply(builder).build();
        built.export((Class) type, implementation);
        try {
            return built.start();
        } catch (RuntimeException e) {
            built.close();
            throw e;
        }
    }
}
