package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.ClusterMode;
import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.fixtures.CountingService;
import io.ferryrpc.core.fixtures.CountingServiceImpl;
import io.ferryrpc.core.fixtures.GuardedService;
import io.ferryrpc.core.fixtures.GuardedServiceImpl;
import io.ferryrpc.core.fixtures.TestService;
import io.ferryrpc.core.fixtures.TestServiceImpl;
import io.ferryrpc.core.fixtures.TripwireArgument;
import io.ferryrpc.core.internal.descriptor.CallIds;
import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.spi.Invocation;
import io.ferryrpc.core.testing.Loopback;
import io.ferryrpc.core.testing.RawFrames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Providers that require credentials: tokens, HMAC signatures built by the client and by hand, replays, allow
 * lists, and — the point of it — refused calls that never decode their arguments nor reach the service.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AuthenticationTest {

    private static final String SECRET = "orders-secret-0123456789abcdef";
    private static final String TOKEN = "reporting-token-42";
    private static final byte PROTOSTUFF = 1;

    private final TestServiceImpl testImpl = new TestServiceImpl();
    private final GuardedServiceImpl guardedImpl = new GuardedServiceImpl();
    private final List<Invocation> seenByUserFilter = new CopyOnWriteArrayList<>();
    private final List<RpcClient> clients = new ArrayList<>();
    private RpcServer server;

    @BeforeEach
    void start() {
        TripwireArgument.DECODED.set(0);
        Authentication auth = Authentication.builder()
                .hmac("orders", SECRET)
                .token("reporting", TOKEN)
                .allowConsumers(GuardedService.class, "orders")
                .build();
        Filter recording = new Filter() {
            @Override
            public boolean appliesTo(Side side) {
                return side == Side.PROVIDER;
            }

            @Override
            public CompletionStage<Object> filter(Invocation invocation, Chain next) {
                seenByUserFilter.add(invocation);
                return next.proceed(invocation);
            }
        };
        server = Loopback.server(TestService.class, testImpl, b -> b.authentication(auth).filter(recording));
        server.export(GuardedService.class, guardedImpl);
    }

    @AfterEach
    void stop() {
        clients.forEach(RpcClient::close);
        server.close();
    }

    private RpcClient client(Credentials credentials, Filter... filters) {
        RpcClient.Builder b = RpcClient.builder().filter(filters);
        if (credentials != null) {
            b.credentials(credentials);
        }
        RpcClient client = b.build();
        clients.add(client);
        return client;
    }

    private <T> T proxy(Class<T> type, Credentials credentials, Filter... filters) {
        return client(credentials, filters).proxy(type, Loopback.address(server));
    }

    private static RpcException forbidden(Runnable call) {
        try {
            call.run();
        } catch (RpcException e) {
            assertThat(e.code()).isEqualTo(RpcException.Code.FORBIDDEN);
            return e;
        }
        throw new AssertionError("the call was not refused");
    }

    @Test
    void aTokenOfAKnownApplicationIsAccepted() {
        TestService service = proxy(TestService.class, Credentials.token("reporting", TOKEN));
        assertThat(service.echo("hello")).isEqualTo("hello");
        assertThat(server.stats().forbidden()).isZero();
    }

    @Test
    void aWrongTokenAnUnknownApplicationAndNoCredentialsAreForbidden() {
        RpcException wrong = forbidden(() -> proxy(TestService.class, Credentials.token("reporting", "guess"))
                .echo("x"));
        RpcException unknown = forbidden(() -> proxy(TestService.class, Credentials.token("nobody", TOKEN))
                .echo("x"));
        RpcException missing = forbidden(() -> proxy(TestService.class, null).echo("x"));

        // An unknown application gets the same answer as a wrong token: refusals do not list applications.
        assertThat(wrong.getMessage()).contains(TestService.class.getName() + ".echo", "invalid credentials")
                .doesNotContain("guess", TOKEN, "reporting");
        assertThat(unknown.getMessage()).isEqualTo(wrong.getMessage());
        assertThat(missing.getMessage()).contains("missing credentials", "RpcClient.Builder.credentials");
        assertThat(server.stats().forbidden()).isEqualTo(3);
        assertThat(seenByUserFilter).isEmpty();
    }

    @Test
    void hmacCredentialsAreAcceptedAndAWrongSecretIsForbidden() {
        assertThat(proxy(TestService.class, Credentials.hmac("orders", SECRET)).echo("signed")).isEqualTo("signed");
        assertThat(proxy(GuardedService.class, Credentials.hmac("orders", SECRET.getBytes(StandardCharsets.UTF_8)))
                .take(new TripwireArgument("v"))).isEqualTo("v");
        RpcException e = forbidden(() -> proxy(TestService.class, Credentials.hmac("orders", SECRET + "x"))
                .echo("x"));
        assertThat(e.getMessage()).contains("invalid credentials");
        // A token where the application signs is no better.
        forbidden(() -> proxy(TestService.class, Credentials.token("orders", SECRET)).echo("x"));
        assertThat(server.stats().forbidden()).isEqualTo(2);
    }

    @Test
    void anAllowListAdmitsOnlyTheApplicationsItNames() {
        Credentials reporting = Credentials.token("reporting", TOKEN);
        RpcException e = forbidden(() -> proxy(GuardedService.class, reporting).take(new TripwireArgument("x")));
        assertThat(e.getMessage()).contains("application 'reporting' may not call " + GuardedService.class.getName());
        // The same application may call a service without a list; the listed one may call both.
        assertThat(proxy(TestService.class, reporting).echo("ok")).isEqualTo("ok");
        assertThat(proxy(GuardedService.class, Credentials.hmac("orders", SECRET)).take(new TripwireArgument("y")))
                .isEqualTo("y");
        assertThat(guardedImpl.calls).hasValue(1);
        assertThat(TripwireArgument.DECODED).hasValue(1);
    }

    @Test
    void reservedAttachmentsSetByFiltersCannotSpoofAnotherApplication() {
        Filter spoofing = new Filter() {
            @Override
            public CompletionStage<Object> filter(Invocation invocation, Chain next) {
                invocation.attachments().put("ferry-app", "orders");
                invocation.attachments().put("ferry-token", TOKEN);
                invocation.attachments().put("trace-id", "t-1");
                return next.proceed(invocation);
            }
        };
        RpcException e = forbidden(() -> proxy(TestService.class, null, spoofing).echo("x"));
        assertThat(e.getMessage()).contains("missing credentials");
        // Authenticated as "reporting", a filter's ferry-app cannot make it "orders".
        forbidden(() -> proxy(GuardedService.class, Credentials.token("reporting", TOKEN), spoofing)
                .take(new TripwireArgument("x")));

        assertThat(proxy(TestService.class, Credentials.token("reporting", TOKEN), spoofing).echo("x")).isEqualTo("x");
        Invocation last = seenByUserFilter.get(seenByUserFilter.size() - 1);
        // Filters after the check see the authenticated application, never the proof.
        assertThat(last.attachments()).containsEntry("ferry-app", "reporting").containsEntry("trace-id", "t-1")
                .doesNotContainKeys("ferry-token", "ferry-sig", "ferry-nonce", "ferry-ts");
    }

    @Test
    void aForbiddenCallNeverDecodesItsArgumentsNorRunsUserCode() throws Exception {
        GuardedService anonymous = proxy(GuardedService.class, null);
        GuardedService wrong = proxy(GuardedService.class, Credentials.hmac("orders", SECRET + "?"));
        GuardedService notListed = proxy(GuardedService.class, Credentials.token("reporting", TOKEN));
        GuardedService allowed = proxy(GuardedService.class, Credentials.hmac("orders", SECRET));
        int refusedEach = 100;
        for (int i = 0; i < refusedEach; i++) {
            forbidden(() -> anonymous.take(new TripwireArgument("a")));
            forbidden(() -> wrong.take(new TripwireArgument("b")));
            forbidden(() -> notListed.take(new TripwireArgument("c")));
        }
        assertThat(TripwireArgument.DECODED).hasValue(0);
        assertThat(guardedImpl.calls).hasValue(0);
        assertThat(seenByUserFilter).isEmpty();
        assertThat(server.stats().forbidden()).isEqualTo(3L * refusedEach);

        assertThat(allowed.take(new TripwireArgument("fine"))).isEqualTo("fine");
        assertThat(TripwireArgument.DECODED).hasValue(1);
        assertThat(guardedImpl.calls).hasValue(1);
        assertThat(seenByUserFilter).hasSize(1);
    }

    @Test
    void refusedAndAcceptedCallsOnOneConnectionEachGetExactlyTheirOwnAnswer() throws Exception {
        int take = takeCallId();
        int n = 600;
        Map<Long, String> expected = new HashMap<>();
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (long id = 1; id <= n; id++) {
            String value = "v" + id;
            byte[] args = tripwireArgument(value);
            Map<String, String> attachments;
            if (id % 3 == 0) {
                attachments = signed("orders", SECRET, GuardedService.class.getName() + "#take("
                        + TripwireArgument.class.getName() + ")", System.currentTimeMillis(), nonce());
                expected.put(id, value);
            } else if (id % 3 == 1) {
                attachments = Map.of("ferry-app", "orders", "ferry-token", SECRET);
                expected.put(id, null);
            } else {
                attachments = Map.of();
                expected.put(id, null);
            }
            frames.write(RawFrames.request(PROTOSTUFF, id, take, 10_000, attachments, args));
        }
        Map<Long, Object[]> answers = new HashMap<>();
        try (Socket socket = connect()) {
            // Everything pipelined at once: refusals and answers interleave on the provider's executor.
            socket.getOutputStream().write(frames.toByteArray());
            for (int i = 0; i < n; i++) {
                Object[] response = readResponse(socket.getInputStream());
                assertThat(answers.put((Long) response[1], response)).as("duplicate answer").isNull();
            }
        }
        assertThat(answers.keySet()).isEqualTo(expected.keySet());
        int accepted = 0;
        for (Map.Entry<Long, String> e : expected.entrySet()) {
            Object[] response = answers.get(e.getKey());
            if (e.getValue() != null) {
                accepted++;
                assertThat(response[0]).isEqualTo(0);
                assertThat(response[2]).isEqualTo(e.getValue());
            } else {
                assertThat(response[0]).isEqualTo(RpcException.Code.FORBIDDEN.wireValue());
            }
        }
        assertThat(guardedImpl.calls).hasValue(accepted);
        assertThat(TripwireArgument.DECODED).hasValue(accepted);
        assertThat(server.stats().forbidden()).isEqualTo(n - accepted);
    }

    @Test
    void concurrentCallersAreServedWhileOthersAreRefused() throws Exception {
        GuardedService allowed = proxy(GuardedService.class, Credentials.hmac("orders", SECRET));
        GuardedService refused = proxy(GuardedService.class, Credentials.token("orders", "not-it"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 60; i++) {
                        String value = thread + "-" + i;
                        if (thread % 2 == 0) {
                            assertThat(allowed.take(new TripwireArgument(value))).isEqualTo(value);
                            ok++;
                        } else {
                            forbidden(() -> refused.take(new TripwireArgument(value)));
                        }
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> f : futures) {
                ok += f.get(30, TimeUnit.SECONDS);
            }
            assertThat(ok).isEqualTo(240);
            assertThat(guardedImpl.calls).hasValue(240);
            assertThat(TripwireArgument.DECODED).hasValue(240);
            assertThat(server.stats().forbidden()).isEqualTo(240);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void handBuiltSignaturesFollowTheDocumentedSchemeAndStaleTamperedOrReplayedOnesAreForbidden()
            throws Exception {
        int echo = echoCallId();
        String method = TestService.class.getName() + "#echo(java.lang.String)";
        byte[] args = stringArgument("raw");
        long now = System.currentTimeMillis();
        Map<String, String> good = signed("orders", SECRET, method, now, nonce());
        Map<String, String> stale = signed("orders", SECRET, method, now - Duration.ofMinutes(6).toMillis(), nonce());
        Map<String, String> future = signed("orders", SECRET, method, now + Duration.ofMinutes(6).toMillis(), nonce());
        Map<String, String> tampered = new LinkedHashMap<>(signed("orders", SECRET, method, now, nonce()));
        String sig = tampered.get("ferry-sig");
        tampered.put("ferry-sig", (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1));
        Map<String, String> otherMethod = signed("orders", SECRET,
                TestService.class.getName() + "#slow(java.lang.String)", now, nonce());
        Map<String, String> otherTime = new LinkedHashMap<>(signed("orders", SECRET, method, now, nonce()));
        otherTime.put("ferry-ts", Long.toString(now + 1));
        try (Socket socket = connect()) {
            assertThat(send(socket, 1, echo, good, args)).containsExactly(0, 1L, "raw");
            Object[] replay = send(socket, 2, echo, good, args);
            assertThat(replay[0]).isEqualTo(RpcException.Code.FORBIDDEN.wireValue());
            assertThat((String) replay[2]).contains("replay");
            Object[] old = send(socket, 3, echo, stale, args);
            assertThat(old[0]).isEqualTo(RpcException.Code.FORBIDDEN.wireValue());
            assertThat((String) old[2]).contains("300 s");
            assertThat(send(socket, 4, echo, future, args)[0]).isEqualTo(RpcException.Code.FORBIDDEN.wireValue());
            for (Map<String, String> bad : List.of(tampered, otherMethod, otherTime)) {
                Object[] r = send(socket, 5, echo, bad, args);
                assertThat(r[0]).isEqualTo(RpcException.Code.FORBIDDEN.wireValue());
                assertThat((String) r[2]).contains("invalid credentials");
            }
            // The connection still serves a fresh, valid request.
            assertThat(send(socket, 6, echo, signed("orders", SECRET, method, System.currentTimeMillis(), nonce()),
                    args)).containsExactly(0, 6L, "raw");
        }
        assertThat(seenByUserFilter).hasSize(2);
    }

    @Test
    void undecodableArgumentsOfAnAuthenticatedCallAreStillASerializationError() throws Exception {
        int echo = echoCallId();
        String method = TestService.class.getName() + "#echo(java.lang.String)";
        byte[] garbage = {0x0a, 0x7f, 1, 2};
        try (Socket socket = connect()) {
            Object[] r = send(socket, 1, echo, signed("orders", SECRET, method, System.currentTimeMillis(),
                    nonce()), garbage);
            assertThat(r[0]).isEqualTo(RpcException.Code.SERIALIZATION.wireValue());
            assertThat((String) r[2]).contains("echo");
            // Refused before decoding: the same garbage without credentials is FORBIDDEN, not SERIALIZATION.
            assertThat(send(socket, 2, echo, Map.of(), garbage)[0])
                    .isEqualTo(RpcException.Code.FORBIDDEN.wireValue());
        }
        // Only the authenticated call got past the check, and its decoding failed.
        assertThat(seenByUserFilter).hasSize(1);
    }

    @Test
    void asynchronousAndOneWayCallsAreRefusedToo() throws Exception {
        TestService wrong = proxy(TestService.class, Credentials.token("reporting", "nope"));
        assertThatThrownBy(() -> wrong.async("a").get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.code()).isEqualTo(RpcException.Code.FORBIDDEN));
        wrong.fireAndForget("dropped");
        TestService right = proxy(TestService.class, Credentials.token("reporting", TOKEN));
        right.fireAndForget("kept");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().forbidden() == 2
                && testImpl.oneways.contains("kept"));
        assertThat(testImpl.oneways).containsExactly("kept");
        assertThat(right.async("b").get(10, TimeUnit.SECONDS)).isEqualTo("async b");
    }

    @Test
    void failoverDoesNotRetryAForbiddenCall() {
        Authentication auth = Authentication.builder().token("reporting", TOKEN).build();
        CountingServiceImpl a = new CountingServiceImpl("a", false);
        CountingServiceImpl b = new CountingServiceImpl("b", false);
        RpcServer first = Loopback.server(CountingService.class, a, x -> x.authentication(auth));
        RpcServer second = Loopback.server(CountingService.class, b, x -> x.authentication(auth));
        try {
            RpcClient client = RpcClient.builder().credentials(Credentials.token("reporting", "wrong"))
                    .defaultPolicy(CallPolicy.builder().cluster(ClusterMode.FAILOVER).retries(2).build()).build();
            clients.add(client);
            CountingService service = client.proxy(CountingService.class, Loopback.address(first),
                    Loopback.address(second));
            forbidden(() -> service.read(1));   // idempotent, 2 retries
            forbidden(() -> service.write(2));
            assertThat(first.stats().forbidden() + second.stats().forbidden()).isEqualTo(2);
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void configurationIsValidatedAndNeverPrintsSecrets() {
        assertThatThrownBy(() -> Authentication.builder().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no application");
        assertThatThrownBy(() -> Authentication.builder().hmac("a", "short")).hasMessageContaining("at least 16");
        assertThatThrownBy(() -> Authentication.builder().token("a", "t").token("a", "u"))
                .hasMessageContaining("already");
        assertThatThrownBy(() -> Authentication.builder().token("a", "t").allowConsumers(TestService.class, "b")
                .build()).hasMessageContaining("\"b\"");
        assertThatThrownBy(() -> Authentication.builder().allowConsumers(String.class, "a"))
                .hasMessageContaining("@RpcService");
        assertThatThrownBy(() -> Credentials.token("", "t")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Credentials.token("a\nb", "t")).hasMessageContaining("control character");
        assertThatThrownBy(() -> Credentials.hmac("a", new byte[8])).hasMessageContaining("at least 16");
        Authentication auth = Authentication.builder().token("a", TOKEN).hmac("b", SECRET).build();
        assertThat(auth.clockSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(auth.replayCacheSize()).isEqualTo(100_000);
        assertThat(auth.toString()).doesNotContain(TOKEN, SECRET);
        assertThat(Credentials.hmac("b", SECRET).toString()).doesNotContain(SECRET).contains("b");
        assertThat(Credentials.token("a", TOKEN).toString()).doesNotContain(TOKEN);
    }

    // --- hand-built frames -------------------------------------------------------------------------------

    /** Signs as docs/protocol.md describes, independently of Ferry's own code. */
    private static Map<String, String> signed(String app, String secret, String method, long ts, String nonce)
            throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String text = "FERRY-HMAC-SHA256-1\n" + app + "\n" + method + "\n" + ts + "\n" + nonce;
        String sig = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        Map<String, String> attachments = new LinkedHashMap<>();
        attachments.put("ferry-app", app);
        attachments.put("ferry-ts", Long.toString(ts));
        attachments.put("ferry-nonce", nonce);
        attachments.put("ferry-sig", sig);
        return attachments;
    }

    private static String nonce() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static int echoCallId() throws NoSuchMethodException {
        Method m = TestService.class.getMethod("echo", String.class);
        return CallIds.of(CallIds.signature(TestService.class.getName(), "1.0", m));
    }

    private static int takeCallId() throws NoSuchMethodException {
        Method m = GuardedService.class.getMethod("take", TripwireArgument.class);
        return CallIds.of(CallIds.signature(GuardedService.class.getName(), "1.0", m));
    }

    /** A one-string tuple: field 1, length-delimited. */
    private static byte[] stringArgument(String value) {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[text.length + 2];
        out[0] = 0x0a;
        out[1] = (byte) text.length;
        System.arraycopy(text, 0, out, 2, text.length);
        return out;
    }

    /** A one-POJO tuple: field 1 a group holding the POJO's field 1, a string. */
    private static byte[] tripwireArgument(String value) {
        byte[] inner = stringArgument(value);
        byte[] out = new byte[inner.length + 2];
        out[0] = 0x0b;
        System.arraycopy(inner, 0, out, 1, inner.length);
        out[out.length - 1] = 0x0c;
        return out;
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static Object[] send(Socket socket, long id, int callId, Map<String, String> attachments, byte[] args)
            throws IOException {
        socket.getOutputStream().write(RawFrames.request(PROTOSTUFF, id, callId, 10_000, attachments, args));
        return readResponse(socket.getInputStream());
    }

    /** Reads one response: {status, request id, result string or failure message}. */
    private static Object[] readResponse(InputStream in) throws IOException {
        RawFrames.Response response = RawFrames.readResponse(in);
        String text;
        if (response.status() != 0) {
            text = response.message();
        } else {
            // A one-string result tuple: tag 0x0a, one length byte (short test values), UTF-8.
            text = new String(response.body(), 2, response.body()[1], StandardCharsets.UTF_8);
        }
        return new Object[] {response.status(), response.requestId(), text};
    }
}
