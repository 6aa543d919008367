package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A consumer that sends nothing is cut off after three heartbeat intervals; a live one pings and stays. */
@Timeout(30)
class HeartbeatTest {

    @io.ferryrpc.api.RpcService
    public interface Clock {
        /** Returns the provider's time. */
        long now();
    }

    @Test
    void silentConnectionsAreClosedAndPingingClientsStay() throws Exception {
        try (RpcServer server = RpcServer.builder().bindAddress("127.0.0.1").host("127.0.0.1").port(0)
                .heartbeatInterval(Duration.ofMillis(200)).build()) {
            server.export(Clock.class, System::currentTimeMillis);
            server.start();
            long start = System.nanoTime();
            try (RpcClient client = RpcClient.builder().heartbeatInterval(Duration.ofMillis(100)).build();
                    Socket silent = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                Clock clock = client.proxy(Clock.class, "127.0.0.1:" + server.port());
                assertThat(clock.now()).isPositive();
                silent.setSoTimeout(10_000);
                InputStream in = silent.getInputStream();
                assertThat(in.read()).as("server closes the silent connection").isEqualTo(-1);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
                // The proxy's connection pinged through the same period and is still the one in use.
                assertThat(client.stats().openConnections()).isEqualTo(1);
                assertThat(clock.now()).isPositive();
                assertThat(server.stats().connections()).isEqualTo(1);
            }
        }
    }
}
