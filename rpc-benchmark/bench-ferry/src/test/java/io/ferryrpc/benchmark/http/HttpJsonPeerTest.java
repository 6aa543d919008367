package io.ferryrpc.benchmark.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.benchmark.WorkloadChecks;
import io.ferryrpc.benchmark.driver.Peer;
import io.ferryrpc.benchmark.driver.PeerSettings;
import io.ferryrpc.benchmark.driver.Peers;
import io.ferryrpc.benchmark.driver.RunResult;
import io.ferryrpc.benchmark.workload.Operation;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpJsonPeerTest {

    private static final PeerSettings SETTINGS = new PeerSettings(Duration.ofSeconds(3), 1000, Map.of());

    @Test
    void everyOperationReturnsTheProvidersAnswer() throws Exception {
        Peer peer = Peers.find("http");
        try (Peer.Server server = peer.serve("127.0.0.1", 0, SETTINGS);
                Peer.Client client = peer.connect("127.0.0.1", server.port(), SETTINGS)) {
            for (Operation op : Operation.values()) {
                for (long sequence : new long[] {7, 12}) {
                    WorkloadChecks.assertResult(op, sequence, 1000, client.call(op, sequence));
                }
            }
        }
    }

    @Test
    void aShortLoadRunHasNoErrors() throws Exception {
        PeerSettings settings = new PeerSettings(Duration.ofSeconds(3), 100, Map.of("ioThreads", "1"));
        Peer peer = Peers.find("http");
        try (Peer.Server server = peer.serve("127.0.0.1", 0, settings);
                Peer.Client client = peer.connect("127.0.0.1", server.port(), settings)) {
            RunResult result = WorkloadChecks.assertShortLoadRun(client, "http");
            assertThat(result.calls()).isGreaterThan(4);
        }
    }

    @Test
    void eachOperationHasItsPathAndNoOtherPathHasOne() {
        JsonCalls calls = new JsonCalls();
        assertThat(calls.operation("/UserService/getUser")).isEqualTo(Operation.GET_USER);
        assertThat(calls.operation("/PayloadService/echo")).isEqualTo(Operation.ECHO);
        assertThat(calls.operation("/UserService/dropUser")).isNull();
    }
}
