package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.core.fixtures.OrderRejectedException;
import io.ferryrpc.core.fixtures.ProviderMain;
import io.ferryrpc.core.fixtures.TestService;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The provider runs in another JVM: nothing may rely on sharing a process. */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SeparateJvmTest {

    @Test
    void callsAProviderInAnotherProcess() throws Exception {
        Process provider = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ProviderMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(provider.getInputStream(),
                    StandardCharsets.UTF_8));
            String port = null;
            long pid = -1;
            while (port == null || pid < 0) {
                String line = out.readLine();
                if (line == null) {
                    throw new AssertionError("provider exited before it listened");
                }
                if (line.startsWith("PORT=")) {
                    port = line.substring(5);
                } else if (line.startsWith("PID=")) {
                    pid = Long.parseLong(line.substring(4));
                }
            }
            assertThat(pid).isEqualTo(provider.pid()).isNotEqualTo(ProcessHandle.current().pid());
            try (RpcClient client = RpcClient.builder().build()) {
                TestService service = client.proxy(TestService.class, "127.0.0.1:" + port);
                assertThat(service.echo("across processes")).isEqualTo("across processes");
                assertThat(service.roundTrip(RemoteCallTest.sampleOrder())).isEqualTo(RemoteCallTest.sampleOrder());
                Assertions.assertThatThrownBy(() -> service.failChecked("remote no"))
                        .isExactlyInstanceOf(OrderRejectedException.class).hasMessage("remote no");
            }
            provider.getOutputStream().close();
            assertThat(provider.waitFor(30, TimeUnit.SECONDS)).as("provider exits when told").isTrue();
            assertThat(provider.exitValue()).isZero();
        } finally {
            provider.destroyForcibly();
        }
    }
}
