package io.ferryrpc.core.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.api.ClusterMode;
import io.ferryrpc.api.RpcMethod;
import io.ferryrpc.api.RpcService;
import io.ferryrpc.core.CallPolicy;
import io.ferryrpc.core.ServiceOptions;
import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.descriptor.ServiceDescriptor;
import io.ferryrpc.core.internal.serialize.ProtostuffSerializerFactory;
import io.ferryrpc.core.spi.LoadBalancer;
import io.ferryrpc.core.spi.SerializationConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Which setting wins: client method policy, client service policy, {@code @RpcMethod}, client defaults. */
@Timeout(10)
class MethodPolicyTest {

    /** A service with one annotated and one plain method. */
    @RpcService
    public interface Shop {
        /** Annotated. */
        @RpcMethod(timeoutMillis = 5000, retries = 4, idempotent = true, loadBalancer = "leastactive",
                cluster = ClusterMode.FAILFAST)
        String annotated();

        /** Plain. */
        String plain();
    }

    private static final MethodPolicy DEFAULTS = new MethodPolicy(3000, 2, false, LoadBalancer.weightedRandom(),
            ClusterMode.FAILOVER, 2);

    private static MethodDescriptor method(String name) {
        ServiceDescriptor service = ServiceDescriptor.of(Shop.class, new ProtostuffSerializerFactory()
                .create(SerializationConfig.of(Shop.class.getClassLoader(), List.of())));
        return service.methods().stream().filter(m -> m.method().getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void annotationsBeatClientDefaults() {
        MethodPolicy p = MethodPolicy.resolve(method("annotated"), ServiceOptions.none(), DEFAULTS);
        assertThat(p.timeoutMillis()).isEqualTo(5000);
        assertThat(p.retries()).isEqualTo(4);
        assertThat(p.idempotent()).isTrue();
        assertThat(p.balancer().name()).isEqualTo("leastactive");
        assertThat(p.cluster()).isEqualTo(ClusterMode.FAILFAST);

        MethodPolicy plain = MethodPolicy.resolve(method("plain"), ServiceOptions.none(), DEFAULTS);
        assertThat(plain).isEqualTo(DEFAULTS);
    }

    @Test
    void theClientsServiceAndMethodSettingsBeatAnnotations() {
        ServiceOptions options = ServiceOptions.builder()
                .policy(CallPolicy.builder().timeout(Duration.ofMillis(700)).cluster(ClusterMode.FORKING).build())
                .method("annotated", CallPolicy.builder().retries(0).idempotent(false)
                        .loadBalancer(LoadBalancer.powerOfTwoChoices()).build())
                .build();
        MethodPolicy p = MethodPolicy.resolve(method("annotated"), options, DEFAULTS);
        assertThat(p.timeoutMillis()).isEqualTo(700);
        assertThat(p.retries()).isZero();
        assertThat(p.idempotent()).isFalse();
        assertThat(p.balancer().name()).isEqualTo("p2c");
        assertThat(p.cluster()).isEqualTo(ClusterMode.FORKING);
    }
}
