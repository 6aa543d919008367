package io.ferryrpc.benchmark.ferry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.benchmark.WorkloadChecks;
import io.ferryrpc.benchmark.driver.Peer;
import io.ferryrpc.benchmark.driver.PeerSettings;
import io.ferryrpc.benchmark.driver.Peers;
import io.ferryrpc.benchmark.workload.Operation;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FerryPeerTest {

    private static final PeerSettings SETTINGS = new PeerSettings(Duration.ofSeconds(3), 100, Map.of());

    @Test
    void everyOperationReturnsTheProvidersAnswer() throws Exception {
        Peer peer = Peers.find("ferry");
        try (Peer.Server server = peer.serve("127.0.0.1", 0, SETTINGS);
                Peer.Client client = peer.connect("127.0.0.1", server.port(), SETTINGS)) {
            for (Operation op : Operation.values()) {
                for (long sequence : new long[] {7, 12}) {
                    WorkloadChecks.assertResult(op, sequence, 100, client.call(op, sequence));
                }
            }
        }
    }

    @Test
    void aShortLoadRunHasNoErrors() throws Exception {
        PeerSettings settings = new PeerSettings(Duration.ofSeconds(3), 100,
                Map.of("executorThreads", "8", "ioThreads", "1"));
        Peer peer = Peers.find("ferry");
        try (Peer.Server server = peer.serve("127.0.0.1", 0, settings);
                Peer.Client client = peer.connect("127.0.0.1", server.port(), settings)) {
            WorkloadChecks.assertShortLoadRun(client, "ferry");
        }
    }

    @Test
    void onIoThreadsEveryOperationAnswersAndAShortLoadRunHasNoErrors() throws Exception {
        PeerSettings settings = new PeerSettings(Duration.ofSeconds(3), 100, Map.of("dispatch", "io"));
        Peer peer = Peers.find("ferry");
        try (Peer.Server server = peer.serve("127.0.0.1", 0, settings);
                Peer.Client client = peer.connect("127.0.0.1", server.port(), settings)) {
            for (Operation op : Operation.values()) {
                WorkloadChecks.assertResult(op, 9, 100, client.call(op, 9));
            }
            WorkloadChecks.assertShortLoadRun(client, "ferry");
        }
    }

    @Test
    void aTimeoutIsRecognized() throws Exception {
        Peer peer = Peers.find("ferry");
        try (Peer.Server server = peer.serve("127.0.0.1", 0, SETTINGS);
                Peer.Client client = peer.connect("127.0.0.1", server.port(), SETTINGS)) {
            assertThat(client.isTimeout(new RpcException(RpcException.Code.TIMEOUT, "late"))).isTrue();
            assertThat(client.isTimeout(new IllegalStateException(
                    new RpcException(RpcException.Code.TIMEOUT, "late")))).isTrue();
            assertThat(client.isTimeout(new RpcException(RpcException.Code.SERVER_BUSY, "busy"))).isFalse();
        }
    }

    @Test
    void unknownAndMalformedOptionsAreRefused() {
        Peer peer = Peers.find("ferry");
        assertThatThrownBy(() -> peer.serve("127.0.0.1", 0,
                new PeerSettings(Duration.ofSeconds(1), 0, Map.of("dispatcher", "io"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dispatcher");
        assertThatThrownBy(() -> peer.serve("127.0.0.1", 0,
                new PeerSettings(Duration.ofSeconds(1), 0, Map.of("executorThreads", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("executorThreads=0");
        assertThatThrownBy(() -> peer.serve("127.0.0.1", 0,
                new PeerSettings(Duration.ofSeconds(1), 0, Map.of("dispatch", "pool"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dispatch=pool");
    }
}
