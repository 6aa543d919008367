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
 * server together; {@code netty:codec=ferry} adds Ferry's serialization to the raw peer, so Ferry's distance to it
 * is the framework's own allocation. Single caller: latency, not throughput.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RoundTripBenchmark {

    /**
     * The peer under test, optionally with one peer option after a colon: {@code ferry:dispatch=io} serves on Ferry's
     * IO threads. HTTP/JSON is left out by default (its JSON bytes differ); {@code -p peer=http} adds it.
     */
    @Param({"ferry", "ferry:dispatch=io", "netty", "netty:codec=ferry"})
    public String peer;

    private Peer.Server server;
    private Peer.Client client;

    /** Starts the server and connects the client. */
    @Setup
    public void setUp() throws Exception {
        int colon = peer.indexOf(':');
        Peer implementation = Peers.find(colon < 0 ? peer : peer.substring(0, colon));
        Map<String, String> options = Map.of();
        if (colon >= 0) {
            String option = peer.substring(colon + 1);
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("peer " + peer + " (expected name or name:key=value)");
            }
            options = Map.of(option.substring(0, eq), option.substring(eq + 1));
        }
        PeerSettings settings = new PeerSettings(Duration.ofSeconds(3), 100, options);
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
