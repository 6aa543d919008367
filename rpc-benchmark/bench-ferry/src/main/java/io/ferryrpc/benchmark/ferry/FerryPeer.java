package io.ferryrpc.benchmark.ferry;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.benchmark.driver.Peer;
import io.ferryrpc.benchmark.driver.PeerSettings;
import io.ferryrpc.benchmark.support.PeerOptions;
import io.ferryrpc.benchmark.workload.Operation;
import io.ferryrpc.benchmark.workload.PayloadService;
import io.ferryrpc.benchmark.workload.UserService;
import io.ferryrpc.benchmark.workload.UserServiceImpl;
import io.ferryrpc.benchmark.workload.Workload;
import io.ferryrpc.core.CallPolicy;
import io.ferryrpc.core.RpcClient;
import io.ferryrpc.core.RpcServer;
import java.time.Duration;
import java.util.Set;

/**
 * Ferry itself: an {@link RpcServer} exporting the workload's two services and an {@link RpcClient} calling them
 * through proxies over one direct connection, no registry.
 *
 * <p>Options: {@code dispatch=executor|io} (default {@code executor}: provider methods run on Ferry's bounded
 * executor; {@code io}: on the IO thread, which suits this non-blocking workload), {@code executorThreads=N}
 * (provider executor, default Ferry's 200; unused with {@code dispatch=io}), {@code ioThreads=N} (Netty IO threads of whichever side reads it,
 * default the processor count). Calls get the scenario's timeout and no retries, so every failure is counted once.
 */
public final class FerryPeer implements Peer {

    /** The option that chooses where provider methods run. */
    public static final String DISPATCH = "dispatch";
    /** The option that sizes the provider executor. */
    public static final String EXECUTOR_THREADS = "executorThreads";
    /** The option that sizes Netty's IO thread group on either side. */
    public static final String IO_THREADS = "ioThreads";

    private static final Set<String> OPTIONS = Set.of(DISPATCH, EXECUTOR_THREADS, IO_THREADS);
    private static final int DEFAULT_IO_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

    @Override
    public String name() {
        return "ferry";
    }

    @Override
    public Server serve(String host, int port, PeerSettings settings) {
        PeerOptions options = PeerOptions.of(name(), settings, OPTIONS);
        RpcServer.Builder builder = RpcServer.builder()
                .bindAddress(host)
                .host(host)
                .port(port)
                .ioThreads(options.positiveInt(IO_THREADS, DEFAULT_IO_THREADS))
                .shutdownTimeout(Duration.ofSeconds(2));
        if (settings.options().containsKey(EXECUTOR_THREADS)) {
            builder.executorThreads(options.positiveInt(EXECUTOR_THREADS, 1));
        }
        // The workload's provider never blocks, the case runOnIoThreads is meant for.
        builder.runOnIoThreads(options.choice(DISPATCH, "executor", Set.of("executor", "io")).equals("io"));
        UserServiceImpl service = new UserServiceImpl();
        RpcServer server = builder.build()
                .export(UserService.class, service)
                .export(PayloadService.class, service)
                .start();
        return new Server() {
            @Override
            public int port() {
                return server.port();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }

    @Override
    public Client connect(String host, int port, PeerSettings settings) {
        PeerOptions options = PeerOptions.of(name(), settings, OPTIONS);
        RpcClient client = RpcClient.builder()
                .ioThreads(options.positiveInt(IO_THREADS, DEFAULT_IO_THREADS))
                .defaultPolicy(CallPolicy.builder().timeout(settings.timeout()).retries(0).build())
                .build();
        try {
            String address = host + ":" + port;
            Workload workload = new Workload(client.proxy(UserService.class, address),
                    client.proxy(PayloadService.class, address), settings.payloadSize());
            return new FerryClient(client, workload);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Calls through Ferry's proxies; a timeout is an {@link RpcException} with code {@code TIMEOUT}. */
    private record FerryClient(RpcClient client, Workload workload) implements Client {

        @Override
        public Object call(Operation op, long sequence) {
            return workload.call(op, sequence);
        }

        @Override
        public boolean isTimeout(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof RpcException e && e.code() == RpcException.Code.TIMEOUT) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
