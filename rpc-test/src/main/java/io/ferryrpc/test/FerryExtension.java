package io.ferryrpc.test;

import io.ferryrpc.api.RpcService;
import io.ferryrpc.core.RpcClient;
import io.ferryrpc.core.RpcServer;
import io.ferryrpc.registry.zookeeper.EmbeddedZooKeeper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs Ferry around a JUnit 5 test: an in-process ZooKeeper on 127.0.0.1, the providers the test declares
 * (registered there), and one {@link RpcClient}; injects that client and proxies of {@code @RpcService} interfaces
 * into test method parameters; injects faults into providers through {@link TestProvider#faults()}, and takes
 * providers away and back with {@link TestProvider#drop()} and {@link TestProvider#restore()}.
 *
 * <p>Registered on a {@code static} field, everything starts once for the class, and before each test every
 * provider is restored and its faults cleared; on an instance field, everything starts and stops around each test.
 * Everything it started is closed afterwards: threads, ports, the ZooKeeper server and its data.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FerryExtension ferry = FerryExtension.builder()
 *         .provider("payment-1", PaymentService.class, PaymentServiceImpl::new)
 *         .provider("payment-2", PaymentService.class, PaymentServiceImpl::new)
 *         .build();
 *
 * @Test
 * void paysDespiteOneSlowProvider(PaymentService payments) {
 *     ferry.provider("payment-1").faults().delay("pay", Duration.ofSeconds(2));
 *     assertThat(payments.pay(request).status()).isEqualTo(PaymentStatus.PAID);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class FerryExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final boolean withZooKeeper;
    private final List<ProviderSpec<?>> specs;
    private final UnaryOperator<RpcClient.Builder> clientCustomizer;
    private final Map<String, TestProvider> providers = new LinkedHashMap<>();
    private final Map<Class<?>, Object> proxies = new ConcurrentHashMap<>();
    private EmbeddedZooKeeper zooKeeper;
    private RpcClient client;
    private boolean perClass;
    private boolean started;

    private record ProviderSpec<T>(String name, Class<T> type, Supplier<? extends T> implementation,
            UnaryOperator<RpcServer.Builder> customize) {}

    private FerryExtension(Builder b) {
        this.withZooKeeper = b.withZooKeeper;
        this.specs = List.copyOf(b.specs);
        this.clientCustomizer = b.clientCustomizer;
    }

    /** Returns a builder of an extension with a ZooKeeper and no providers yet. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!started) {
            perClass = false;
            start();
            return;
        }
        for (TestProvider provider : providers.values()) {
            provider.restore();
            provider.faults().clear();
            provider.faults().resetCalls();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    private synchronized void start() {
        try {
            if (withZooKeeper) {
                zooKeeper = EmbeddedZooKeeper.start();
            }
            for (ProviderSpec<?> spec : specs) {
                TestProvider provider = newProvider(spec);
                providers.put(spec.name(), provider);
                provider.startFirst();
            }
            RpcClient.Builder builder = RpcClient.builder().applicationName("ferry-test");
            if (zooKeeper != null) {
                builder.registry(zooKeeper.address());
            }
            client = clientCustomizer.apply(builder).build();
            started = true;
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
    }

    private <T> TestProvider newProvider(ProviderSpec<T> spec) {
        T implementation = Objects.requireNonNull(spec.implementation().get(),
                "the implementation supplier of provider " + spec.name() + " returned null");
        return new TestProvider(spec.name(), spec.type(), implementation, spec.customize(),
                zooKeeper == null ? null : zooKeeper.address());
    }

    private synchronized void stop() {
        started = false;
        proxies.clear();
        RuntimeException first = null;
        if (client != null) {
            try {
                client.close();
            } catch (RuntimeException e) {
                first = e;
            }
            client = null;
        }
        for (TestProvider provider : providers.values()) {
            try {
                provider.drop();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        providers.clear();
        if (zooKeeper != null) {
            zooKeeper.close();
            zooKeeper = null;
        }
        if (first != null) {
            throw first;
        }
    }

    /** Returns the registry address of the in-process ZooKeeper. */
    public synchronized String registryAddress() {
        if (zooKeeper == null) {
            throw new IllegalStateException(withZooKeeper ? "the extension is not running"
                    : "this extension runs without a registry (built with withoutRegistry())");
        }
        return zooKeeper.address();
    }

    /** Returns the client the extension injects. */
    public synchronized RpcClient client() {
        if (client == null) {
            throw new IllegalStateException("the extension is not running");
        }
        return client;
    }

    /**
     * Returns a proxy of {@code type} from the extension's client: through the registry, or without one straight to
     * the providers of {@code type} declared in the extension.
     */
    public <T> T proxy(Class<T> type) {
        Object proxy = proxies.get(type);
        if (proxy == null) {
            // Made outside the map's lock: two racing tests may both make one, which is harmless.
            proxy = newProxy(type);
            Object raced = proxies.putIfAbsent(type, proxy);
            proxy = raced != null ? raced : proxy;
        }
        return type.cast(proxy);
    }

    private <T> T newProxy(Class<T> type) {
        if (withZooKeeper) {
            return client().proxy(type);
        }
        List<String> addresses = new ArrayList<>();
        for (TestProvider p : providers()) {
            if (p.type() == type) {
                addresses.add(p.address());
            }
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no provider of " + type.getName() + " is declared");
        }
        return client().proxy(type, addresses.toArray(new String[0]));
    }

    /** Returns the provider the test declared as {@code name}. */
    public synchronized TestProvider provider(String name) {
        TestProvider provider = providers.get(name);
        if (provider == null) {
            throw new IllegalArgumentException("no provider named " + name + " (declared: " + providers.keySet()
                    + (started ? "" : "; the extension is not running") + ")");
        }
        return provider;
    }

    /** Returns every declared provider, in declaration order. */
    public synchronized Collection<TestProvider> providers() {
        return List.copyOf(providers.values());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == RpcClient.class || type == FerryExtension.class
                || (type.isInterface() && type.isAnnotationPresent(RpcService.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == RpcClient.class) {
            return client();
        }
        if (type == FerryExtension.class) {
            return this;
        }
        try {
            return proxy(type);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("cannot inject a proxy of " + type.getName() + ": " + e.getMessage(),
                    e);
        }
    }

    /** Builds a {@link FerryExtension}; not thread-safe. */
    public static final class Builder {
        private boolean withZooKeeper = true;
        private final List<ProviderSpec<?>> specs = new ArrayList<>();
        private UnaryOperator<RpcClient.Builder> clientCustomizer = UnaryOperator.identity();

        private Builder() {}

        /**
         * Runs without ZooKeeper: proxies go straight to the declared providers' addresses; default is with an
         * in-process ZooKeeper.
         */
        public Builder withoutRegistry() {
            this.withZooKeeper = false;
            return this;
        }

        /**
         * Declares a provider named {@code name} exporting a new {@code implementation} of {@code type}; it is
         * created once per start of the extension.
         */
        public <T> Builder provider(String name, Class<T> type, Supplier<? extends T> implementation) {
            return provider(name, type, implementation, UnaryOperator.identity());
        }

        /**
         * Declares a provider like {@link #provider(String, Class, Supplier)}, with {@code customize} applied to its
         * server builder (after the kit's settings: 127.0.0.1, an ephemeral port, the registry).
         */
        public <T> Builder provider(String name, Class<T> type, Supplier<? extends T> implementation,
                UnaryOperator<RpcServer.Builder> customize) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(implementation, "implementation");
            Objects.requireNonNull(customize, "customize");
            for (ProviderSpec<?> spec : specs) {
                if (spec.name().equals(name)) {
                    throw new IllegalArgumentException("provider name " + name + " is declared twice");
                }
            }
            specs.add(new ProviderSpec<>(name, type, implementation, customize));
            return this;
        }

        /** Applies {@code customize} to the builder of the injected client (after the registry is set). */
        public Builder client(UnaryOperator<RpcClient.Builder> customize) {
            this.clientCustomizer = Objects.requireNonNull(customize, "customize");
            return this;
        }

        /** Returns the extension. */
        public FerryExtension build() {
            return new FerryExtension(this);
        }
    }
}
