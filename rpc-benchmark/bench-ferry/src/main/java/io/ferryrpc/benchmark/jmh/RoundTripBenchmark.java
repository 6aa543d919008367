package io.ferryrpc.benchmark.jmh;

import io.ferryrpc.benchmark.driver.Peer;
import io.ferryrpc.benchmark.driver.PeerSettings;
import io.ferryrpc.benchmark.driver.Peers;
import io.ferryrpc.benchmark.netty.RawNettyPeer;
import io.ferryrpc.benchmark.workload.Operation;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One blocking call over 127.0.0.1 TCP with server and client in this JVM, Ferry beside the raw-Netty ceiling. Both
 * peers carry the same body bytes (the call at {@link RawNettyPeer#SEQUENCE}), so with {@code -prof gc} the
 * difference in {@code gc.alloc.rate.norm} is what Ferry allocates per call beyond Netty's minimum, client and
 * server together. Single caller: latency, not throughput.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RoundTripBenchmark {

    /** The peer under test. */
    @Param({"ferry", "netty"})
    public String peer;

    private Peer.Server server;
    private Peer.Client client;

    /** Starts the server and connects the client. */
    @Setup
    public void setUp() throws Exception {
        Peer implementation = Peers.find(peer);
        PeerSettings settings = new PeerSettings(Duration.ofSeconds(3), 100, Map.of());
        server = implementation.serve("127.0.0.1", 0, settings);
        try {
            client = implementation.connect("127.0.0.1", server.port(), settings);
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    /** Closes the client and then the server. */
    @TearDown
    public void tearDown() throws Exception {
        try {
            client.close();
        } finally {
            server.close();
        }
    }

    /** getUser: a long in, a user of about 250 bytes out. */
    @Benchmark
    public Object getUser() throws Exception {
        return client.call(Operation.GET_USER, RawNettyPeer.SEQUENCE);
    }

    /** listUser: an int in, a page of 15 users (about 2 KB) out. */
    @Benchmark
    public Object listUser() throws Exception {
        return client.call(Operation.LIST_USER, RawNettyPeer.SEQUENCE);
    }
}
