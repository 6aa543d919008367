package io.ferryrpc.benchmark.dubbo;

import io.ferryrpc.benchmark.driver.Peer;
import io.ferryrpc.benchmark.driver.PeerSettings;
import io.ferryrpc.benchmark.workload.Operation;
import io.ferryrpc.benchmark.workload.PayloadService;
import io.ferryrpc.benchmark.workload.UserService;
import io.ferryrpc.benchmark.workload.UserServiceImpl;
import io.ferryrpc.benchmark.workload.Workload;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.common.utils.NetUtils;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.remoting.TimeoutException;
import org.apache.dubbo.rpc.RpcException;
import org.apache.dubbo.rpc.model.FrameworkModel;

/**
 * Apache Dubbo 3.3 configured as a Dubbo user would, through its plain API: the {@code dubbo} protocol, Hessian2, a
 * direct URL ({@code dubbo://127.0.0.1:port}) and no registry (address {@code N/A}).
 *
 * <p>Server: one {@link DubboBootstrap} on a {@link FrameworkModel} of its own, application
 * {@code ferry-bench-dubbo-server}, exporting one {@link UserServiceImpl} as both {@link UserService} and
 * {@link PayloadService} on one dubbo-protocol port. Client: application {@code ferry-bench-dubbo-client}, one
 * {@link ReferenceConfig} per interface with {@code url} set, called through {@link Workload}.
 *
 * <p>Left at Dubbo 3.3.6's defaults, as a user would leave them: the {@code all} dispatcher (every request goes from
 * Netty's I/O threads to the service pool), the {@code fixed} service pool of 200 threads with no queue, Netty I/O
 * threads, the default filter chains, and one connection shared by both references ({@code connections} unset: the
 * consumer shares one connection per provider address). Dubbo also exports its own {@code MetadataService} on the
 * same port. dubbo-benchmark, by contrast, removes the default filters ({@code filter="-default"}); here they stay.
 *
 * <p>Set explicitly, and why:
 * <ul>
 *   <li>serialization {@code hessian2} on the protocol and on the references: it is Dubbo 3.3's default, stated so
 *       that neither a {@code DUBBO_DEFAULT_SERIALIZATION} in the environment nor Dubbo's serialization preference
 *       negotiation can swap it;</li>
 *   <li>the call timeout from {@link PeerSettings#timeout()}, and {@code retries=0} (Dubbo's default is 2): one
 *       attempt per call, so a failed call costs one timeout and counts once, as with every other peer;</li>
 *   <li>{@code qos-enable=false}, so Dubbo opens no QoS port beside the service port;</li>
 *   <li>{@code enable-file-cache=false}, so runs leave no metadata cache under the user's home;</li>
 *   <li>the logger {@code jdk}: java.util.logging is the only logging backend on this module's class path; Dubbo's
 *       JDK adapter reads the {@code logging.properties} resource, which keeps WARNING and up, on standard error;</li>
 *   <li>nothing for the serialize check, which stays at Dubbo's default, {@code STRICT}: the workload's package is
 *       allowed by this module's {@code security/serialize.allowlist} resource, which Dubbo merges into its allow
 *       list (it also trusts the types its service interfaces name; the resource covers what those do not).</li>
 * </ul>
 *
 * <p>Network: Dubbo 3.3 treats any {@code 127.x} host as unset: it binds {@code 0.0.0.0} and advertises the machine's
 * first non-loopback address, and it refuses {@code DUBBO_IP_TO_BIND=127.0.0.1} outright. So the real guarantee is a
 * network namespace with only loopback up, where {@code 0.0.0.0} is loopback and nothing else is reachable; {@link
 * #serve} and {@link #connect} refuse to start while a non-loopback interface is up. On top of that the protocol is
 * given the host, the client connects only to the direct URL's {@code 127.0.0.1}, and Dubbo's own idea of the local
 * address is set to 127.0.0.1 (see {@link #useLoopbackAsDubboLocalAddress()}), so it advertises 127.0.0.1 too.
 */
public final class DubboPeer implements Peer {

    /** The peer's name on the command line and in reports. */
    public static final String NAME = "dubbo";

    private static final String SERIALIZATION = "hessian2";

    /** Creates the peer; {@link java.util.ServiceLoader} calls this. */
    public DubboPeer() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Server serve(String host, int port, PeerSettings settings) throws Exception {
        requireLoopbackOnly(host);
        useLoopbackAsDubboLocalAddress();
        int bindPort = port != 0 ? port : freePort(host);
        FrameworkModel framework = new FrameworkModel();
        DubboBootstrap bootstrap = DubboBootstrap.newInstance(framework);
        try {
            ProtocolConfig protocol = new ProtocolConfig("dubbo", bindPort);
            protocol.setHost(host);
            protocol.setSerialization(SERIALIZATION);
            UserServiceImpl impl = new UserServiceImpl();
            ServiceConfig<UserService> users = new ServiceConfig<>();
            users.setInterface(UserService.class);
            users.setRef(impl);
            ServiceConfig<PayloadService> payloads = new ServiceConfig<>();
            payloads.setInterface(PayloadService.class);
            payloads.setRef(impl);
            bootstrap.application(application("ferry-bench-dubbo-server"))
                    .registry(new RegistryConfig(RegistryConfig.NO_AVAILABLE))
                    .protocol(protocol)
                    .service(users)
                    .service(payloads)
                    .start();
            if (!users.isExported() || !payloads.isExported()) {
                throw new IllegalStateException("Dubbo did not export the workload's services on port " + bindPort);
            }
        } catch (Exception | Error e) {
            destroy(bootstrap, framework, e);
            throw e;
        }
        return new DubboServer(bootstrap, framework, bindPort);
    }

    @Override
    public Client connect(String host, int port, PeerSettings settings) throws Exception {
        requireLoopbackOnly(host);
        useLoopbackAsDubboLocalAddress();
        int timeoutMillis = Math.toIntExact(settings.timeout().toMillis());
        String url = "dubbo://" + host + ":" + port;
        FrameworkModel framework = new FrameworkModel();
        DubboBootstrap bootstrap = DubboBootstrap.newInstance(framework);
        try {
            ReferenceConfig<UserService> users = reference(UserService.class, url, timeoutMillis);
            ReferenceConfig<PayloadService> payloads = reference(PayloadService.class, url, timeoutMillis);
            bootstrap.application(application("ferry-bench-dubbo-client"))
                    .registry(new RegistryConfig(RegistryConfig.NO_AVAILABLE))
                    .reference(users)
                    .reference(payloads)
                    .start();
            Workload workload = new Workload(users.get(), payloads.get(), settings.payloadSize());
            return new DubboClient(bootstrap, framework, workload);
        } catch (Exception | Error e) {
            destroy(bootstrap, framework, e);
            throw e;
        }
    }

    private static ApplicationConfig application(String name) {
        ApplicationConfig application = new ApplicationConfig(name);
        application.setQosEnable(false);
        application.setEnableFileCache(false);
        application.setLogger("jdk");
        return application;
    }

    private static <T> ReferenceConfig<T> reference(Class<T> type, String url, int timeoutMillis) {
        ReferenceConfig<T> reference = new ReferenceConfig<>();
        reference.setInterface(type);
        reference.setUrl(url);
        reference.setTimeout(timeoutMillis);
        reference.setRetries(0);
        // The consumer of a direct URL never sees the provider's parameters, so it is told the serialization too.
        reference.setParameters(Map.of("serialization", SERIALIZATION));
        return reference;
    }

    /**
     * Dubbo takes port 0 for "the protocol's default port" (20880), and 3.3 no longer exposes the URLs it exported,
     * so a free port is chosen here and handed to Dubbo; in the run's own network namespace nothing else can take it
     * in between, and if something did, Dubbo's bind would fail loudly.
     */
    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, 0));
            return socket.getLocalPort();
        }
    }

    /**
     * Refuses to start Dubbo where it could reach beyond loopback: {@code host} must be a loopback address and no
     * non-loopback network interface may be up, which holds in a network namespace with only {@code lo} up.
     */
    static void requireLoopbackOnly(String host) throws IOException {
        if (!InetAddress.getByName(host).isLoopbackAddress()) {
            throw new IllegalArgumentException("host " + host
                    + ": the Dubbo peer serves and connects on loopback only");
        }
        List<String> external = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (isUpAndNotLoopback(nic)) {
                external.add(nic.getName());
            }
        }
        if (!external.isEmpty()) {
            throw new IllegalStateException("non-loopback network interfaces are up: " + external + ". Apache Dubbo "
                    + "advertises and binds beyond 127.0.0.1 whatever host it is given, so the Dubbo peer runs only in "
                    + "a network namespace with just loopback up: rpc-benchmark/netns-run.sh -- java ...");
        }
    }

    /**
     * Makes 127.0.0.1 the address Dubbo takes for this machine's own. Dubbo looks that address up among the
     * non-loopback interfaces and caches it; with only loopback up it finds none, caches nothing, and looks again,
     * throwing and logging two exceptions, on every call that touches it. The provider's default filter chain does so
     * on every request ({@code ProfilerServerFilter} asks for the caller's address, which
     * {@code NetUtils.filterLocalHost} rewrites from 127.0.0.1 to the local address). Measured in such a namespace:
     * about 70 us per lookup even with logging off, against 0.3 us once the cache holds an address, as it does on any
     * machine with a network; an artefact of the namespace, not Dubbo's cost, so it must not be measured. Dubbo offers
     * no setting for it (its {@code DUBBO_IP_TO_BIND} and {@code DUBBO_IP_TO_REGISTRY} refuse any 127.x address), so
     * its cache is filled directly; the server then also advertises 127.0.0.1, a second guard on top of the namespace.
     */
    static void useLoopbackAsDubboLocalAddress() throws IOException {
        InetAddress loopback = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        try {
            Field cached = NetUtils.class.getDeclaredField("LOCAL_ADDRESS");
            cached.setAccessible(true);
            synchronized (NetUtils.class) {
                Object current = cached.get(null);
                if (current != null && !loopback.equals(current)) {
                    throw new IllegalStateException("Dubbo already took " + current + " for the local address");
                }
                cached.set(null, loopback);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Dubbo has no NetUtils.LOCAL_ADDRESS cache to fill (written for "
                    + "Dubbo 3.3.6); without it every request would search the network interfaces", e);
        }
        if (!"127.0.0.1".equals(NetUtils.getLocalHost())) {
            throw new IllegalStateException("Dubbo's local host is " + NetUtils.getLocalHost() + ", not 127.0.0.1");
        }
    }

    /**
     * Returns whether {@code failure} is a call's timeout: Dubbo's {@link RpcException} that says so, its remoting
     * {@link TimeoutException}, or a {@link java.util.concurrent.TimeoutException}, itself or as a cause.
     */
    static boolean isDubboTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RpcException rpc && rpc.isTimeout() || t instanceof TimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUpAndNotLoopback(NetworkInterface nic) throws SocketException {
        return nic.isUp() && !nic.isLoopback();
    }

    private static void destroy(DubboBootstrap bootstrap, FrameworkModel framework, Throwable failure) {
        try {
            bootstrap.destroy();
            framework.destroy();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** A started Dubbo provider. */
    private static final class DubboServer implements Server {

        private final DubboBootstrap bootstrap;
        private final FrameworkModel framework;
        private final int port;

        DubboServer(DubboBootstrap bootstrap, FrameworkModel framework, int port) {
            this.bootstrap = bootstrap;
            this.framework = framework;
            this.port = port;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public void close() {
            // Unexports, closes the server's channels and its pools; the framework model owns the shared resources.
            bootstrap.destroy();
            framework.destroy();
        }
    }

    /** A started Dubbo consumer with its two references. */
    private static final class DubboClient implements Client {

        private final DubboBootstrap bootstrap;
        private final FrameworkModel framework;
        private final Workload workload;

        DubboClient(DubboBootstrap bootstrap, FrameworkModel framework, Workload workload) {
            this.bootstrap = bootstrap;
            this.framework = framework;
            this.workload = workload;
        }

        @Override
        public Object call(Operation op, long sequence) {
            return workload.call(op, sequence);
        }

        @Override
        public boolean isTimeout(Throwable failure) {
            return isDubboTimeout(failure);
        }

        @Override
        public void close() {
            bootstrap.destroy();
            framework.destroy();
        }
    }
}
