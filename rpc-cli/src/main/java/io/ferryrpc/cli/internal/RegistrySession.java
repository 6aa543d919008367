package io.ferryrpc.cli.internal;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.internal.spi.Registries;
import io.ferryrpc.core.spi.Registry;
import io.ferryrpc.core.spi.ServiceKey;
import io.ferryrpc.core.spi.ServiceTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A short-lived registry connection for one command: the topology as it is now, and service descriptions. */
public final class RegistrySession implements AutoCloseable {

    private final String address;
    private final Registry registry;
    private final Duration timeout;

    private RegistrySession(String address, Registry registry, Duration timeout) {
        this.address = address;
        this.registry = registry;
        this.timeout = timeout;
    }

    /**
     * Connects to {@code address}, waiting at most {@code timeout}.
     *
     * @throws CliFailure if the address is malformed or the registry cannot be reached in time
     */
    public static RegistrySession open(String address, Duration timeout) {
        String withTimeout = withTimeout(address, timeout);
        try {
            return new RegistrySession(address, Registries.connect(withTimeout, RegistrySession.class.getClassLoader()),
                    timeout);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.USAGE, "bad registry address " + address + ": " + e.getMessage());
        } catch (RpcException e) {
            throw new CliFailure(CliFailure.FAILED, "cannot reach the registry at " + address + " ("
                    + e.getMessage() + ")");
        }
    }

    /** Returns {@code address} with a connect timeout of {@code timeout}, unless it has one already. */
    public static String withTimeout(String address, Duration timeout) {
        return address.startsWith("zookeeper://") && !address.contains("connectTimeout=")
                ? address + (address.contains("?") ? "&" : "?") + "connectTimeout=" + timeout.toMillis() : address;
    }

    /** Returns the address given. */
    public String address() {
        return address;
    }

    /** Returns every service with its providers and consumers, as the registry holds them now. */
    public List<ServiceTopology> topology() {
        CompletableFuture<List<ServiceTopology>> first = new CompletableFuture<>();
        try (AutoCloseable watch = registry.watchTopology(first::complete)) {
            return first.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (UnsupportedOperationException e) {
            throw new CliFailure(CliFailure.FAILED, "the registry at " + address + " cannot list its services");
        } catch (TimeoutException e) {
            throw new CliFailure(CliFailure.FAILED, "the registry at " + address + " did not list its services within "
                    + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(CliFailure.FAILED, "interrupted");
        } catch (ExecutionException | RuntimeException e) {
            throw new CliFailure(CliFailure.FAILED, "cannot read the services from " + address + ": " + e.getMessage());
        } catch (Exception e) {
            throw new CliFailure(CliFailure.FAILED, "cannot read the services from " + address + ": " + e);
        }
    }

    /**
     * Returns the services whose name is {@code query}, or whose {@code name:version[:group]} is; fails naming the
     * known services if there is none.
     */
    public List<ServiceTopology> find(String query) {
        List<ServiceTopology> all = topology();
        List<ServiceTopology> matches = new ArrayList<>();
        for (ServiceTopology t : all) {
            if (t.service().name().equals(query) || t.service().toString().equals(query)) {
                matches.add(t);
            }
        }
        if (matches.isEmpty()) {
            List<String> known = new ArrayList<>();
            for (ServiceTopology t : all) {
                known.add(t.service().toString());
            }
            throw new CliFailure(CliFailure.USAGE, "no service " + query + " in " + address
                    + (known.isEmpty() ? " (it holds no services)" : "; known: " + String.join(", ", known)));
        }
        return matches;
    }

    /** Returns the description published under {@code digest} for {@code service}, if any. */
    public Optional<String> description(ServiceKey service, String digest) {
        try {
            return registry.description(service, digest);
        } catch (RpcException e) {
            throw new CliFailure(CliFailure.FAILED, e.getMessage());
        }
    }

    @Override
    public void close() {
        registry.close();
    }
}
