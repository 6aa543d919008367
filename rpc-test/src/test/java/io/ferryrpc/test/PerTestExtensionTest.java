package io.ferryrpc.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.core.fixtures.TestService;
import io.ferryrpc.core.fixtures.TestServiceImpl;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kit on an instance field without a registry: everything starts and stops around each test. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PerTestExtensionTest {

    private static final Set<Integer> PORTS = new HashSet<>();

    @RegisterExtension
    final FerryExtension ferry = FerryExtension.builder().withoutRegistry()
            .provider("direct", TestService.class, TestServiceImpl::new, b -> b.runOnIoThreads(false))
            .build();

    @RepeatedTest(2)
    void eachTestGetsItsOwnProvider(TestService service) {
        assertThat(service.echo("direct")).isEqualTo("direct");
        assertThat(ferry.provider("direct").faults().calls("echo")).isEqualTo(1);
        // A new server per test; the previous one was closed, so nothing carries over.
        assertThat(PORTS.add(ferry.provider("direct").port())).isTrue();
    }
}
