package io.ferryrpc.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.CallPolicy;
import io.ferryrpc.core.RpcClient;
import io.ferryrpc.core.fixtures.TestService;
import io.ferryrpc.core.fixtures.TestServiceImpl;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kit on a static field: one ZooKeeper and two providers for the class, faults cleared between tests. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FerryExtensionTest {

    @RegisterExtension
    static final FerryExtension ferry = FerryExtension.builder()
            .provider("alpha", TestService.class, TestServiceImpl::new)
            .provider("beta", TestService.class, TestServiceImpl::new)
            .client(b -> b.defaultPolicy(CallPolicy.builder().retries(0).timeout(Duration.ofSeconds(1)).build()))
            .build();

    private static String registryOfTheFirstTest;

    @Test
    @Order(1)
    void injectsAProxyAndTheClientAndCallsReachBothProviders(TestService service, RpcClient client) {
        registryOfTheFirstTest = ferry.registryAddress();
        assertThat(ferry.registryAddress()).startsWith("zookeeper://127.0.0.1:");
        assertThat(client).isSameAs(ferry.client());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            service.echo("x");
            return ferry.provider("alpha").faults().calls("echo") > 0 && ferry.provider("beta").faults().calls("echo") > 0;
        });
        assertThat(service.echo("hello")).isEqualTo("hello");
        assertThat(ferry.provider("alpha").address()).isEqualTo("127.0.0.1:" + ferry.provider("alpha").port());
    }

    @Test
    @Order(2)
    void aFailureFaultAnswersWithItsCodeForTheGivenNumberOfCallsWithoutRunningTheMethod(TestService service) {
        assertThat(registryOfTheFirstTest).isEqualTo(ferry.registryAddress());
        for (TestProvider p : ferry.providers()) {
            p.faults().fail("echo", RpcException.Code.SERVER_BUSY, 2);
        }
        int busy = 0;
        // 40 calls spread over both providers: each fails its first two and answers the rest.
        for (int i = 0; i < 40; i++) {
            try {
                assertThat(service.echo("e")).isEqualTo("e");
            } catch (RpcException e) {
                assertThat(e.code()).isEqualTo(RpcException.Code.SERVER_BUSY);
                assertThat(e.getMessage()).contains("injected fault");
                busy++;
            }
        }
        assertThat(busy).isEqualTo(4);
        assertThat(service.echo("now")).isEqualTo("now");
        assertThat(service.echo(null)).isNull();
    }

    @Test
    @Order(3)
    void faultsWereClearedAndADelayOutlastsAShortTimeout(RpcClient client) {
        TestService service = ferry.proxy(TestService.class);
        for (int i = 0; i < 10; i++) {
            assertThat(service.echo("clean")).isEqualTo("clean");
        }
        assertThat(ferry.provider("alpha").faults().calls("echo") + ferry.provider("beta").faults().calls("echo"))
                .isEqualTo(10);
        ferry.provider("alpha").faults().delay(ProviderFaults.ALL_METHODS, Duration.ofMillis(1500));
        ferry.provider("beta").faults().delay("echo", Duration.ofMillis(1500));
        long start = System.nanoTime();
        assertThatThrownBy(() -> service.echo("late"))
                .isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.code()).isEqualTo(RpcException.Code.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    @Order(4)
    void aDroppedProviderLeavesTheRotationAndComesBackWhenRestored(TestService service) {
        TestProvider alpha = ferry.provider("alpha");
        TestProvider beta = ferry.provider("beta");
        alpha.drop();
        assertThat(alpha.isRunning()).isFalse();
        beta.faults().resetCalls();
        for (int i = 0; i < 20; i++) {
            assertThat(service.echo("only-beta")).isEqualTo("only-beta");
        }
        assertThat(beta.faults().calls("echo")).isEqualTo(20);
        alpha.restore();
        Set<Integer> ports = new HashSet<>();
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
            service.echo("both");
            return alpha.faults().calls("echo") > 0;
        });
        ports.add(alpha.port());
        assertThat(ports).hasSize(1);
        alpha.drop();
    }

    @Test
    @Order(5)
    void droppedProvidersAreBackForTheNextTest() {
        assertThat(ferry.providers()).allMatch(TestProvider::isRunning);
        assertThatThrownBy(() -> ferry.provider("gamma")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[alpha, beta]");
    }
}
