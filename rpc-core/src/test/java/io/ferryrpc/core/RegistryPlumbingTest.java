package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.api.RpcService;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The core's registry path (register on start, subscribe, call-ID check, deregister) over an in-JVM registry. */
@Timeout(30)
class RegistryPlumbingTest {

    /** The provider's view of the service. */
    @RpcService(name = "plumbing.Greeter", version = "2.0")
    public interface Greeter {
        /** Greets. */
        String greet(String name);
    }

    /** A consumer built against a newer interface that has one more method. */
    @RpcService(name = "plumbing.Greeter", version = "2.0")
    public interface NewerGreeter {
        /** Greets. */
        String greet(String name);

        /** Not on the provider. */
        String farewell(String name);
    }

    private static RpcServer provider(String registry) {
        RpcServer server = RpcServer.builder().bindAddress("127.0.0.1").host("127.0.0.1").port(0)
                .registry(registry).build();
        server.export(Greeter.class, name -> "hello " + name);
        return server.start();
    }

    @Test
    void callsRegisteredProvidersAndNamesMissingMethods() {
        String registry = "memory://" + UUID.randomUUID();
        try (RpcServer server = provider(registry);
                RpcClient client = RpcClient.builder().registry(registry).build()) {
            assertThat(client.proxy(Greeter.class).greet("ann")).isEqualTo("hello ann");

            NewerGreeter newer = client.proxy(NewerGreeter.class);
            assertThat(newer.greet("bob")).isEqualTo("hello bob");
            assertThatThrownBy(() -> newer.farewell("bob"))
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.code()).isEqualTo(RpcException.Code.INCOMPATIBLE_INTERFACE))
                    .hasMessageContaining("plumbing.Greeter:2.0#farewell(java.lang.String)");
        }
    }

    @Test
    void failsAtOnceWithNoProviderOnceTheProviderLeaves() {
        String registry = "memory://" + UUID.randomUUID();
        try (RpcClient client = RpcClient.builder().registry(registry).build()) {
            Greeter greeter = client.proxy(Greeter.class);
            long start = System.nanoTime();
            assertThatThrownBy(() -> greeter.greet("x"))
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.code()).isEqualTo(RpcException.Code.NO_PROVIDER))
                    .hasMessageContaining("plumbing.Greeter:2.0");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

            try (RpcServer server = provider(registry)) {
                Awaitility.await().atMost(Duration.ofSeconds(5))
                        .untilAsserted(() -> assertThat(greeter.greet("y")).isEqualTo("hello y"));
            }
            assertThatThrownBy(() -> greeter.greet("z"))
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.code()).isEqualTo(RpcException.Code.NO_PROVIDER));
        }
    }

    @Test
    void aClientWithoutRegistrySaysHowToCallDirectly() {
        try (RpcClient client = RpcClient.builder().build()) {
            assertThatThrownBy(() -> client.proxy(Greeter.class))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("proxy(Greeter.class, \"host:port\")");
        }
    }

    @Test
    void anUnknownRegistrySchemeNamesTheModuleToAdd() {
        assertThatThrownBy(() -> RpcClient.builder().registry("zookeeper://127.0.0.1:1").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rpc-registry");
    }
}
