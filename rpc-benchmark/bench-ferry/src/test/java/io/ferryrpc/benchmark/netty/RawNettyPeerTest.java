package io.ferryrpc.benchmark.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.benchmark.WorkloadChecks;
import io.ferryrpc.benchmark.driver.Peer;
import io.ferryrpc.benchmark.driver.PeerSettings;
import io.ferryrpc.benchmark.driver.Peers;
import io.ferryrpc.benchmark.ferry.FerryWireBodies;
import io.ferryrpc.benchmark.workload.Operation;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RawNettyPeerTest {

    private static final int PAYLOAD = 300;
    private static final PeerSettings SETTINGS = new PeerSettings(Duration.ofSeconds(3), PAYLOAD, Map.of());

    /** The raw peer decodes nothing, so its answers are checked by decoding them here with Ferry's codecs. */
    @Test
    void everyAnswerIsTheBodyFerryWouldSend() throws Exception {
        FerryWireBodies wire = new FerryWireBodies();
        Peer peer = Peers.find("netty");
        try (Peer.Server server = peer.serve("127.0.0.1", 0, SETTINGS);
                Peer.Client client = peer.connect("127.0.0.1", server.port(), SETTINGS)) {
            RawNettyClient raw = (RawNettyClient) client;
            for (Operation op : Operation.values()) {
                byte[] body = raw.responseBody(op);
                Object result = wire.readResponse(op, Unpooled.wrappedBuffer(body));
                WorkloadChecks.assertResult(op, RawNettyPeer.SEQUENCE, PAYLOAD, result);
                assertThat(client.call(op, 1)).isEqualTo(body.length);
            }
            // The echo reply is built from the request's bytes; it must be exactly what Ferry's server encodes.
            byte[] ferryEcho = wire.responseBody(Operation.ECHO,
                    FerryWireBodies.arguments(Operation.ECHO, 0, PAYLOAD));
            assertThat(raw.responseBody(Operation.ECHO)).isEqualTo(ferryEcho);
        }
    }

    /** With Ferry's codec the server really runs the provider: results depend on each call's own arguments. */
    @Test
    void withFerrysCodecEveryCallIsDecodedAndAnsweredForItsOwnArguments() throws Exception {
        PeerSettings settings = new PeerSettings(Duration.ofSeconds(3), PAYLOAD, Map.of("codec", "ferry"));
        Peer peer = Peers.find("netty");
        try (Peer.Server server = peer.serve("127.0.0.1", 0, settings);
                Peer.Client client = peer.connect("127.0.0.1", server.port(), settings)) {
            for (long sequence : new long[] {3, 7, 12}) {
                for (Operation op : Operation.values()) {
                    WorkloadChecks.assertResult(op, sequence, PAYLOAD, client.call(op, sequence));
                }
            }
            WorkloadChecks.assertShortLoadRun(client, "netty");
        }
    }

    @Test
    void anUnknownCodecIsRefused() {
        PeerSettings settings = new PeerSettings(Duration.ofSeconds(3), PAYLOAD, Map.of("codec", "json"));
        assertThatThrownBy(() -> Peers.find("netty").serve("127.0.0.1", 0, settings))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("codec=json");
    }

    @Test
    void aShortLoadRunHasNoErrors() throws Exception {
        PeerSettings settings = new PeerSettings(Duration.ofSeconds(3), 100, Map.of("ioThreads", "1"));
        Peer peer = Peers.find("netty");
        try (Peer.Server server = peer.serve("127.0.0.1", 0, settings);
                Peer.Client client = peer.connect("127.0.0.1", server.port(), settings)) {
            WorkloadChecks.assertShortLoadRun(client, "netty");
        }
    }

    @Test
    void aCallToAClosedServerFailsInsteadOfHanging() throws Exception {
        Peer peer = Peers.find("netty");
        PeerSettings settings = new PeerSettings(Duration.ofSeconds(1), 0, Map.of());
        Peer.Server server = peer.serve("127.0.0.1", 0, settings);
        try (Peer.Client client = peer.connect("127.0.0.1", server.port(), settings)) {
            server.close();
            long start = System.nanoTime();
            Throwable failure = null;
            // The client learns of the close asynchronously: a call sent before that fails by its timeout.
            for (int i = 0; i < 3 && failure == null; i++) {
                try {
                    client.call(Operation.GET_USER, 1);
                } catch (Exception e) {
                    failure = e;
                }
            }
            assertThat(failure).isNotNull();
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
        }
    }
}
