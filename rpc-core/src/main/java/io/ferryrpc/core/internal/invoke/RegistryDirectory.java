package io.ferryrpc.core.internal.invoke;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.transport.ClientConnection;
import io.ferryrpc.core.internal.transport.ClientTransport;
import io.ferryrpc.core.spi.ConsumerInfo;
import io.ferryrpc.core.spi.ProviderInfo;
import io.ferryrpc.core.spi.Registry;
import io.ferryrpc.core.spi.ServiceKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live providers of one service, as the registry reports them; a call only goes to a provider whose published
 * call-ID table has the method with the same call ID.
 */
public final class RegistryDirectory implements Directory, Consumer<List<ProviderInfo>> {

    private static final Logger log = LoggerFactory.getLogger(RegistryDirectory.class);

    private record Provider(ProviderInfo info, ClientConnection connection, Candidate candidate) {}

    private final ServiceKey service;
    private final ClientTransport transport;
    private final long warmupMillis;
    private volatile List<Provider> providers = List.of();
    private boolean closed;
    private final AutoCloseable subscription;

    /** Subscribes to the providers of {@code service} and registers {@code consumer} for the topology view. */
    public RegistryDirectory(ServiceKey service, Registry registry, ClientTransport transport, ConsumerInfo consumer,
            long warmupMillis) {
        this.service = service;
        this.transport = transport;
        this.warmupMillis = warmupMillis;
        registry.registerConsumer(consumer);
        this.subscription = registry.subscribe(service, this);
    }

    @Override
    public synchronized void accept(List<ProviderInfo> infos) {
        if (closed) {
            return; // a registry event that was already on its way when the proxy's client closed
        }
        // Keyed by service and address: with version "*" one address may serve several versions.
        Map<String, Provider> previous = new HashMap<>();
        for (Provider p : providers) {
            previous.put(p.info().service() + "@" + p.info().address(), p);
        }
        List<Provider> next = new ArrayList<>(infos.size());
        for (ProviderInfo info : infos) {
            if (!matches(info.service())) {
                log.warn("ignoring provider {} of {}: it is not of {}", info.address(), info.service(), service);
                continue;
            }
            Provider kept = previous.remove(info.service() + "@" + info.address());
            ClientConnection connection = kept != null ? kept.connection() : transport.acquire(info.address());
            next.add(new Provider(info, connection, new Candidate(connection, info.weight(), info.startTimeMillis(),
                    warmupMillis, methodKeys(info))));
        }
        providers = List.copyOf(next);
        // Providers that left: no new calls; their connections close once in-flight calls finish.
        for (Provider gone : previous.values()) {
            transport.release(gone.connection());
        }
        log.info("providers of {}: {}", service, infos.stream().map(ProviderInfo::address).toList());
    }

    @Override
    public List<Candidate> candidates(MethodDescriptor method) {
        List<Provider> all = providers;
        if (all.isEmpty()) {
            throw new RpcException(RpcException.Code.NO_PROVIDER, "no provider of " + service + " is registered");
        }
        List<Candidate> compatible = new ArrayList<>(all.size());
        for (Provider p : all) {
            if (p.candidate().callId(method) != null) {
                compatible.add(p.candidate());
            }
        }
        if (compatible.isEmpty()) {
            throw new RpcException(RpcException.Code.INCOMPATIBLE_INTERFACE, "none of the " + all.size()
                    + " providers of " + service + " has the method " + method.signature());
        }
        return compatible;
    }

    @Override
    public java.util.Set<String> methodKeys() {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        for (Provider p : providers) {
            keys.addAll(methodKeys(p.info()).keySet());
        }
        return keys;
    }

    /** Calls never cross versions or groups; version {@code *} takes any version. */
    private boolean matches(ServiceKey provided) {
        return provided.name().equals(service.name()) && provided.group().equals(service.group())
                && (service.version().equals("*") || provided.version().equals(service.version()));
    }

    /** Returns the provider's call IDs by method key, keeping only its own service's methods. */
    private static Map<String, Integer> methodKeys(ProviderInfo info) {
        Map<String, Integer> byKey = new HashMap<>();
        String prefix = info.service().name() + ":" + info.service().version() + "#";
        info.callIds().forEach((signature, id) -> {
            if (signature.startsWith(prefix)) {
                byKey.put(signature.substring(prefix.length()), id);
            }
        });
        return byKey;
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            log.warn("cannot unsubscribe from the providers of {}", service, e);
        }
        synchronized (this) {
            closed = true;
            for (Provider p : providers) {
                transport.release(p.connection());
            }
            providers = List.of();
        }
    }
}
