package io.ferryrpc.benchmark.jmh;

import io.ferryrpc.benchmark.netty.RawNettyPeer;
import io.ferryrpc.benchmark.workload.UserService;
import io.ferryrpc.benchmark.workload.UserServiceImpl;
import io.ferryrpc.core.internal.descriptor.CallIdTable;
import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.descriptor.ProviderMethod;
import io.ferryrpc.core.internal.descriptor.ServiceDescriptor;
import io.ferryrpc.core.internal.spi.Serializers;
import io.ferryrpc.core.spi.SerializationConfig;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The dispatch around a call, without the network: a plain interface call; Ferry's provider path (call ID looked
 * up in its {@link CallIdTable}, the method handle of {@link ProviderMethod} invoked with an argument array); and a
 * JDK proxy whose handler looks up the {@link MethodDescriptor} as Ferry's {@code ServiceProxy} does and then takes
 * the provider path.
 *
 * <p>Ferry's own {@code ServiceProxy} cannot be isolated: its only invoker sends over a connection. The proxy
 * benchmark therefore runs a handler with the same steps ({@code Object} methods and default methods filtered,
 * descriptor looked up by {@code Method}), using Ferry's real descriptor; the consumer's send and wait are in the
 * round-trip benchmark. Each call builds a new {@code User}, as the workload's provider does, in all three.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProxyDispatchBenchmark {

    private UserService direct;
    private UserService proxy;
    private CallIdTable table;
    private int getUserCallId;
    private long id = RawNettyPeer.SEQUENCE;

    /** Exports the workload's provider into a call ID table and builds the proxy. */
    @Setup
    public void setUp() {
        UserServiceImpl implementation = new UserServiceImpl();
        direct = implementation;
        ServiceDescriptor service = ServiceDescriptor.of(UserService.class, Serializers.create(Serializers.DEFAULT,
                SerializationConfig.of(ProxyDispatchBenchmark.class.getClassLoader(), List.of())));
        table = new CallIdTable();
        table.add(service, implementation);
        getUserCallId = service.methods().stream().filter(m -> m.method().getName().equals("getUser"))
                .findFirst().orElseThrow().callId();
        InvocationHandler handler = (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class || method.isDefault()) {
                throw new UnsupportedOperationException(method.toString());
            }
            MethodDescriptor descriptor = service.method(method);
            return table.lookup(descriptor.callId()).invoke(args);
        };
        proxy = (UserService) Proxy.newProxyInstance(UserService.class.getClassLoader(),
                new Class<?>[] {UserService.class}, handler);
    }

    /** The provider called through its interface: the floor. */
    @Benchmark
    public Object directCall() {
        return direct.getUser(id);
    }

    /** Ferry's provider dispatch: call ID to {@link ProviderMethod}, invoked with the decoded argument array. */
    @Benchmark
    public Object providerMethodInvoke() throws Throwable {
        return table.lookup(getUserCallId).invoke(new Object[] {id});
    }

    /** A JDK proxy, Ferry's descriptor lookup and then the provider dispatch. */
    @Benchmark
    public Object proxyToProviderMethod() {
        return proxy.getUser(id);
    }
}
