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
                .heartbeatInterval(Duration.ofMillis(400)).build()) {
            // Silent for 1.2 s closes; the client pings every 100 ms, a margin of 12 pings for a loaded machine.
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
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1100));
                // The proxy's connection pinged through the same period and is still the one in use.
                assertThat(client.stats().openConnections()).isEqualTo(1);
                assertThat(clock.now()).isPositive();
                assertThat(server.stats().connections()).isEqualTo(1);
            }
        }
    }

    /** A consumer that only sends one-way calls. */
    @io.ferryrpc.api.RpcService
    public interface Sink {
        /** Takes a value, answers nothing. */
        @io.ferryrpc.api.RpcMethod(oneway = true)
        void put(long value);
    }

    @Test
    void aConnectionThatOnlySendsOneWayCallsStaysOpen() {
        java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
        try (RpcServer server = RpcServer.builder().bindAddress("127.0.0.1").host("127.0.0.1").port(0)
                .heartbeatInterval(Duration.ofMillis(100)).build();
                RpcClient client = RpcClient.builder().heartbeatInterval(Duration.ofMillis(100)).build()) {
            server.export(Sink.class, received::addAndGet);
            server.start();
            Sink sink = client.proxy(Sink.class, "127.0.0.1:" + server.port());
            long end = System.nanoTime() + Duration.ofMillis(800).toNanos();
            long sent = 0;
            while (System.nanoTime() < end) {
                sink.put(1);
                sent++;
                org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(20)).until(() -> true);
            }
            long total = sent;
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> received.get() == total);
            // Eight heartbeat intervals of writes without a single answer: the consumer pinged, nothing closed.
            assertThat(client.stats().openConnections()).isEqualTo(1);
            assertThat(server.stats().connectionsAccepted()).as("connections made over the whole run").isEqualTo(1);
        }
    }
}
