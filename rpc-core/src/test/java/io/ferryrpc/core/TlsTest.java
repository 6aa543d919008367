package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.api.RpcMethod;
import io.ferryrpc.api.RpcService;
import io.ferryrpc.core.testing.Loopback;
import io.ferryrpc.core.testing.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the transport: calls over TLS and mutual TLS, and every mismatch (plaintext against TLS either way, a
 * missing or foreign client certificate, an untrusted or misnamed provider certificate) failing the call with
 * {@code CONNECTION_FAILED} and a reason long before its 30 s timeout, without the provider running anything.
 */
@Timeout(60)
class TlsTest {

    /** A mismatch must be reported this fast; calls here would otherwise wait for their 30 s timeout. */
    private static final Duration FAST = Duration.ofSeconds(3);

    @TempDir
    static Path dir;
    private static TestCertificates certs;

    private final Greeter impl = new Greeter();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @RpcService(version = "1.0")
    public interface GreeterService {
        /** Returns a greeting. */
        String greet(String name);

        /** Returns a greeting, asynchronously. */
        CompletableFuture<String> greetAsync(String name);

        /** Records the name, without an answer. */
        @RpcMethod(oneway = true)
        void note(String name);
    }

    /** Counts every invocation, so a test can prove that the provider ran nothing. */
    static final class Greeter implements GreeterService {
        final AtomicInteger invocations = new AtomicInteger();

        @Override
        public String greet(String name) {
            invocations.incrementAndGet();
            return "hello " + name;
        }

        @Override
        public CompletableFuture<String> greetAsync(String name) {
            invocations.incrementAndGet();
            return CompletableFuture.supplyAsync(() -> "hello " + name);
        }

        @Override
        public void note(String name) {
            invocations.incrementAndGet();
        }
    }

    @BeforeAll
    static void certificates() {
        certs = TestCertificates.create(dir);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private static TlsConfig serverTls() {
        return TlsConfig.server(certs.server().certificate(), certs.server().privateKey()).build();
    }

    private static TlsConfig.ClientBuilder clientTls() {
        return TlsConfig.client().trustedCertificates(certs.caCertificate());
    }

    private RpcServer server(UnaryOperator<RpcServer.Builder> customize) {
        RpcServer server = Loopback.server(GreeterService.class, impl, customize);
        closeables.add(server);
        return server;
    }

    private RpcClient client(UnaryOperator<RpcClient.Builder> customize) {
        RpcClient client = customize.apply(RpcClient.builder()
                .defaultPolicy(CallPolicy.builder().timeout(Duration.ofSeconds(30)).build())).build();
        closeables.add(client);
        return client;
    }

    private GreeterService proxy(RpcClient client, String address) {
        return client.proxy(GreeterService.class, address);
    }

    /**
     * Makes a call that must fail with CONNECTION_FAILED, asserts that it failed fast and that its message
     * contains {@code expected}, and returns the message.
     */
    private String assertFailsFast(String scenario, GreeterService service, String... expected) {
        long start = System.nanoTime();
        Throwable thrown = org.junit.jupiter.api.Assertions.assertThrows(RpcException.class,
                () -> service.greet("mallory"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("TLS mismatch '%s' failed after %d ms: %s%n", scenario, took.toMillis(),
                thrown.getMessage());
        assertThat(((RpcException) thrown).code()).isEqualTo(RpcException.Code.CONNECTION_FAILED);
        assertThat(thrown.getMessage()).contains(expected);
        assertThat(took).isLessThan(FAST);
        return thrown.getMessage();
    }

    private void assertProviderRanNothing(RpcServer server) {
        assertThat(server.stats().connectionsAccepted()).as("the consumer did reach the provider").isPositive();
        assertThat(server.stats().inFlight()).isZero();
        assertThat(impl.invocations).hasValue(0);
    }

    @Test
    void callsGoOverTls() throws Exception {
        RpcServer server = server(b -> b.tls(serverTls()));
        GreeterService service = proxy(client(b -> b.tls(clientTls().build())), Loopback.address(server));
        assertThat(service.greet("alice")).isEqualTo("hello alice");
        assertThat(service.greetAsync("bob").get(10, TimeUnit.SECONDS)).isEqualTo("hello bob");
        service.note("carol");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> impl.invocations.get() == 3);
    }

    @Test
    void tls12WorksWhenBothSidesAllowOnlyIt() {
        RpcServer server = server(b -> b.tls(TlsConfig.server(certs.server().certificate(),
                certs.server().privateKey()).protocols("TLSv1.2").build()));
        GreeterService service = proxy(client(b -> b.tls(clientTls().protocols("TLSv1.2").build())),
                Loopback.address(server));
        assertThat(service.greet("alice")).isEqualTo("hello alice");
        GreeterService only13 = proxy(client(b -> b.tls(clientTls().protocols("TLSv1.3").build())),
                Loopback.address(server));
        assertFailsFast("TLSv1.3-only client, TLSv1.2-only server", only13, "TLS handshake with",
                "no TLS version or cipher suite");
    }

    @Test
    void callsMadeWhileConnectingWaitForTheHandshake() throws Exception {
        RpcServer server = server(b -> b.tls(serverTls()));
        GreeterService service = proxy(client(b -> b.tls(clientTls().build())), Loopback.address(server));
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(service.greetAsync("n" + i));
        }
        for (int i = 0; i < 20; i++) {
            assertThat(calls.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("hello n" + i);
        }
        assertThat(server.stats().connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void callsMadeWhileConnectingFailWithTheHandshake() throws Exception {
        RpcServer server = server(b -> b.tls(serverTls()));
        GreeterService service = proxy(client(b -> b.tls(TlsConfig.client()
                .trustedCertificates(certs.otherCaCertificate()).build())), Loopback.address(server));
        long start = System.nanoTime();
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(service.greetAsync("n" + i));
        }
        for (CompletableFuture<String> call : calls) {
            assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code())
                            .isEqualTo(RpcException.Code.CONNECTION_FAILED))
                    .hasMessageContaining("certificate validation failed");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
        assertProviderRanNothing(server);
    }

    @Test
    void aHandshakeThatNeverFinishesFailsAfterTheHandshakeTimeout() throws Exception {
        try (ServerSocket mute = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            GreeterService service = proxy(client(b -> b.tls(clientTls().handshakeTimeout(Duration.ofMillis(500))
                    .build())), "127.0.0.1:" + mute.getLocalPort());
            String message = assertFailsFast("provider never answers the handshake", service, "did not finish in time");
            assertThat(message).contains("500");
        }
    }

    @Test
    void aTlsServerClosesAConnectionThatNeverHandshakes() throws Exception {
        RpcServer server = server(b -> b.tls(TlsConfig.server(certs.server().certificate(),
                certs.server().privateKey()).handshakeTimeout(Duration.ofMillis(300)).build()));
        try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            silent.setSoTimeout(10_000);
            long start = System.nanoTime();
            assertThat(silent.getInputStream().read()).as("the provider closes the silent connection").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
        }
        assertProviderRanNothing(server);
    }

    @Test
    void mutualTlsAcceptsAClientCertificateFromTheTrustedCa() throws Exception {
        RpcServer server = server(b -> b.tls(TlsConfig.server(certs.server().certificate(),
                certs.server().privateKey()).requireClientCertificates(certs.caCertificate()).build()));
        GreeterService service = proxy(client(b -> b.tls(clientTls()
                .keyPair(certs.client().certificate(), certs.client().privateKey()).build())),
                Loopback.address(server));
        assertThat(service.greet("alice")).isEqualTo("hello alice");
        assertThat(service.greetAsync("bob").get(10, TimeUnit.SECONDS)).isEqualTo("hello bob");
    }

    @Test
    void mutualTlsRefusesAClientWithoutCertificate() {
        RpcServer server = server(b -> b.tls(TlsConfig.server(certs.server().certificate(),
                certs.server().privateKey()).requireClientCertificates(certs.caCertificate()).build()));
        GreeterService service = proxy(client(b -> b.tls(clientTls().build())), Loopback.address(server));
        assertFailsFast("mTLS, no client certificate", service, "certificate");
        assertProviderRanNothing(server);
    }

    @Test
    void mutualTlsRefusesAClientCertificateFromAnotherCa() {
        RpcServer server = server(b -> b.tls(TlsConfig.server(certs.server().certificate(),
                certs.server().privateKey()).requireClientCertificates(certs.caCertificate()).build()));
        GreeterService service = proxy(client(b -> b.tls(clientTls()
                .keyPair(certs.otherClient().certificate(), certs.otherClient().privateKey()).build())),
                Loopback.address(server));
        assertFailsFast("mTLS, client certificate from another CA", service, "certificate");
        assertProviderRanNothing(server);
    }

    @Test
    void aPlaintextClientIsTurnedAwayByATlsServer() {
        RpcServer server = server(b -> b.tls(serverTls()));
        GreeterService service = proxy(client(b -> b), Loopback.address(server));
        assertFailsFast("plaintext client, TLS server", service, "closed before", "require TLS");
        assertProviderRanNothing(server);
    }

    @Test
    void aPlaintextOneWayCallFirstDoesNotStallTheTlsServer() {
        // A ONEWAY frame looks like an SSLv2 record header announcing 32 KiB to the TLS record parser.
        RpcServer server = server(b -> b.tls(serverTls()));
        GreeterService service = proxy(client(b -> b), Loopback.address(server));
        service.note("first");
        Awaitility.await().atMost(FAST).until(() -> server.stats().connections() == 0
                && server.stats().connectionsAccepted() == 1);
        assertProviderRanNothing(server);
    }

    @Test
    void aTlsClientFailsAgainstAPlaintextServer() {
        RpcServer server = server(b -> b);
        GreeterService service = proxy(client(b -> b.tls(clientTls().build())), Loopback.address(server));
        assertFailsFast("TLS client, plaintext server", service,
                "TLS handshake with " + Loopback.address(server) + " failed", "plaintext");
        assertProviderRanNothing(server);
    }

    @Test
    void aClientTrustingAnotherCaRefusesTheServer() {
        RpcServer server = server(b -> b.tls(serverTls()));
        GreeterService service = proxy(client(b -> b.tls(TlsConfig.client()
                .trustedCertificates(certs.otherCaCertificate()).build())), Loopback.address(server));
        assertFailsFast("client trusts another CA", service, "TLS handshake with", "certificate validation failed");
        assertProviderRanNothing(server);
    }

    @Test
    void hostnameVerificationRefusesACertificateThatDoesNotNameTheAddress() {
        RpcServer server = server(b -> b.tls(TlsConfig.server(certs.serverWithoutSan().certificate(),
                certs.serverWithoutSan().privateKey()).build()));
        GreeterService verifying = proxy(client(b -> b.tls(clientTls().build())), Loopback.address(server));
        assertFailsFast("certificate without matching SAN", verifying, "hostname verification failed");
        assertProviderRanNothing(server);

        GreeterService trusting = proxy(client(b -> b.tls(clientTls().verifyHostname(false).build())),
                Loopback.address(server));
        assertThat(trusting.greet("alice")).isEqualTo("hello alice");
    }

    @Test
    void heartbeatsKeepAnIdleTlsConnectionAndAReconnectDoesANewHandshake() {
        UnaryOperator<RpcServer.Builder> tlsServer = b -> b.tls(serverTls()).heartbeatInterval(Duration.ofMillis(200));
        RpcServer first = server(tlsServer);
        int port = first.port();
        RpcClient client = client(b -> b.tls(clientTls().build()).heartbeatInterval(Duration.ofMillis(100)));
        GreeterService service = proxy(client, Loopback.address(first));
        assertThat(service.greet("before")).isEqualTo("hello before");
        // The provider closes connections silent for 3 x 200 ms; pings over TLS keep this one.
        long idleStart = System.nanoTime();
        Awaitility.await().pollDelay(Duration.ofMillis(900)).atMost(Duration.ofSeconds(5))
                .until(() -> System.nanoTime() - idleStart >= TimeUnit.MILLISECONDS.toNanos(900));
        assertThat(first.stats().connectionsAccepted()).isEqualTo(1);
        assertThat(first.stats().connections()).isEqualTo(1);
        assertThat(service.greet("idle")).isEqualTo("hello idle");

        first.close();
        RpcServer second = server(b -> tlsServer.apply(b).port(port));
        Awaitility.await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                .until(() -> service.greet("after").equals("hello after"));
        assertThat(second.stats().connectionsAccepted()).isPositive();
        assertThat(client.stats().openConnections()).isEqualTo(1);
    }

    @Test
    void tlsTrafficCarriesNoPlaintext() throws Exception {
        String marker = "PLAINTEXT-MARKER-4711";
        RpcServer plain = server(b -> b);
        try (Relay relay = new Relay(plain.port())) {
            GreeterService service = proxy(client(b -> b), relay.address());
            assertThat(service.greet(marker)).isEqualTo("hello " + marker);
            assertThat(relay.captured()).as("the relay sees a plaintext call").contains(marker);
        }
        RpcServer tls = server(b -> b.tls(serverTls()));
        try (Relay relay = new Relay(tls.port())) {
            GreeterService service = proxy(client(b -> b.tls(clientTls().build())), relay.address());
            assertThat(service.greet(marker)).isEqualTo("hello " + marker);
            assertThat(relay.captured()).as("bytes seen between consumer and TLS provider").doesNotContain(marker)
                    .isNotEmpty();
        }
    }

    /** Forwards one connection from an ephemeral 127.0.0.1 port to a provider, keeping every byte in both ways. */
    private static final class Relay implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
        private final List<Socket> sockets = new ArrayList<>();
        private final Thread acceptor;

        Relay(int targetPort) throws IOException {
            acceptor = new Thread(() -> {
                try {
                    Socket in = listener.accept();
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    synchronized (sockets) {
                        sockets.add(in);
                        sockets.add(out);
                    }
                    pump(in, out).start();
                    pump(out, in).start();
                } catch (IOException e) {
                    // closed by the test
                }
            }, "tls-test-relay");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private Thread pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        synchronized (seen) {
                            seen.write(buffer, 0, n);
                        }
                        out.write(buffer, 0, n);
                    }
                } catch (IOException e) {
                    // one side closed
                }
            }, "tls-test-relay-pump");
            t.setDaemon(true);
            return t;
        }

        String address() {
            return "127.0.0.1:" + listener.getLocalPort();
        }

        String captured() {
            synchronized (seen) {
                return seen.toString(StandardCharsets.ISO_8859_1);
            }
        }

        @Override
        public void close() throws Exception {
            listener.close();
            synchronized (sockets) {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            acceptor.join(5000);
        }
    }
}
