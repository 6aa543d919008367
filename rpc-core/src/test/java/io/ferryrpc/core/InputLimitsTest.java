package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.fixtures.TestService;
import io.ferryrpc.core.fixtures.TestServiceImpl;
import io.ferryrpc.core.internal.descriptor.CallIds;
import io.ferryrpc.core.internal.protocol.Bodies;
import io.ferryrpc.core.internal.protocol.FrameHeader;
import io.ferryrpc.core.internal.protocol.MessageType;
import io.ferryrpc.core.internal.protocol.Status;
import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.testing.Loopback;
import io.ferryrpc.core.testing.RawConnection;
import io.ferryrpc.core.testing.RawFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The limits on what arrives inside a frame, end to end: attachments in both directions, and length fields that
 * promise more than their frame holds, in requests and in responses. Each gets a typed error, and the connection
 * (or at least the process) carries on.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InputLimitsTest {

    /** Field 1, length-delimited, claiming Integer.MAX_VALUE bytes, followed by 16. */
    private static final byte[] STRING_CLAIMING_2_GIB = {0x0a, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    private static int callId(String method, Class<?>... parameters) throws NoSuchMethodException {
        return CallIds.of(CallIds.signature(TestService.class.getName(), "1.0",
                TestService.class.getMethod(method, parameters)));
    }

    private static Map<String, String> values(int count, int valueBytes) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            map.put("k" + i, "v".repeat(valueBytes));
        }
        return map;
    }

    @Test
    void attachmentsOverALimitFailTheCallBeforeItIsSent() {
        AtomicReference<Map<String, String>> toAdd = new AtomicReference<>(Map.of());
        AtomicReference<Map<String, String>> arrived = new AtomicReference<>();
        AtomicInteger providerCalls = new AtomicInteger();
        Filter adding = (invocation, next) -> {
            invocation.attachments().putAll(toAdd.get());
            return next.proceed(invocation);
        };
        Filter recording = new Filter() {
            @Override
            public boolean appliesTo(Side side) {
                return side == Side.PROVIDER;
            }

            @Override
            public java.util.concurrent.CompletionStage<Object> filter(io.ferryrpc.core.spi.Invocation invocation,
                    Chain next) {
                providerCalls.incrementAndGet();
                arrived.set(new HashMap<>(invocation.attachments()));
                return next.proceed(invocation);
            }
        };
        try (RpcServer server = Loopback.server(TestService.class, new TestServiceImpl(), b -> b.filter(recording));
                RpcClient client = RpcClient.builder().filter(adding).build()) {
            TestService service = client.proxy(TestService.class, Loopback.address(server));
            Map<String, String> atLimits = new LinkedHashMap<>(values(3, Bodies.MAX_ATTACHMENT_VALUE_BYTES));
            atLimits.put("k".repeat(Bodies.MAX_ATTACHMENT_KEY_BYTES), "fits");
            toAdd.set(atLimits);
            assertThat(service.echo("at the limits")).isEqualTo("at the limits");
            assertThat(arrived.get()).containsAllEntriesOf(atLimits);

            Map<String, Map<String, String>> overLimits = Map.of(
                    "attachment key", Map.of("k".repeat(Bodies.MAX_ATTACHMENT_KEY_BYTES + 1), "v"),
                    "attachment value", Map.of("k", "v".repeat(Bodies.MAX_ATTACHMENT_VALUE_BYTES + 1)),
                    "together", values(5, Bodies.MAX_ATTACHMENT_VALUE_BYTES - 8),
                    "attachments: 65", values(Bodies.MAX_ATTACHMENTS + 1, 1));
            int before = providerCalls.get();
            overLimits.forEach((message, attachments) -> {
                toAdd.set(attachments);
                assertThatThrownBy(() -> service.echo("over")).isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(RpcException.Code.SERIALIZATION);
                    assertThat(e).hasMessageContaining(message).hasMessageContaining("not sent");
                });
            });
            assertThat(providerCalls.get()).as("calls that reached the provider").isEqualTo(before);
            toAdd.set(Map.of());
            assertThat(service.echo("fine again")).isEqualTo("fine again");
        }
    }

    @Test
    void aRawRequestOverAnAttachmentLimitGetsProtocolAndItsConnectionStaysUsable() throws Exception {
        TestServiceImpl impl = new TestServiceImpl();
        int touch = callId("touch");
        try (RpcServer server = Loopback.server(TestService.class, impl, b -> b);
                RawConnection raw = new RawConnection(server.port())) {
            String[][] violations = {
                {"k".repeat(Bodies.MAX_ATTACHMENT_KEY_BYTES + 1), "v"},
                {"k", "v".repeat(Bodies.MAX_ATTACHMENT_VALUE_BYTES + 1)},
                {"a", "v".repeat(4000), "b", "v".repeat(4000), "c", "v".repeat(4000), "d", "v".repeat(4000),
                    "e", "v".repeat(4000)},
            };
            long requestId = 0;
            for (String[] attachments : violations) {
                requestId++;
                raw.write(RawFrames.frame(MessageType.REQUEST, requestId,
                        RawFrames.requestBody(touch, 5000, new byte[0], attachments)));
                RawFrames.Received answer = raw.received().poll(10, TimeUnit.SECONDS);
                assertThat(answer).isNotNull();
                assertThat(answer.requestId()).isEqualTo(requestId);
                assertThat(answer.status()).isEqualTo(RpcException.Code.PROTOCOL.wireValue());
                assertThat(answer.message()).contains("attachment");
            }
            // 65 attachments: refused on the count alone.
            String[] many = new String[2 * (Bodies.MAX_ATTACHMENTS + 1)];
            java.util.Arrays.fill(many, "x");
            raw.write(RawFrames.frame(MessageType.REQUEST, ++requestId, RawFrames.requestBody(touch, 5000,
                    new byte[0], many)));
            RawFrames.Received tooMany = raw.received().poll(10, TimeUnit.SECONDS);
            assertThat(tooMany).isNotNull();
            assertThat(tooMany.status()).isEqualTo(RpcException.Code.PROTOCOL.wireValue());

            raw.write(RawFrames.frame(MessageType.REQUEST, ++requestId,
                    RawFrames.requestBody(touch, 5000, new byte[0], "fine", "yes")));
            RawFrames.Received ok = raw.received().poll(10, TimeUnit.SECONDS);
            assertThat(ok).isNotNull();
            assertThat(ok.status()).isZero();
            assertThat(impl.touches.get()).isEqualTo(1);
            assertThat(raw.isClosed()).isFalse();
            assertThat(server.stats().protocolErrors()).isZero();
        }
    }

    @Test
    void aRequestStringClaiming2GibGetsSerializationAndTheConnectionStaysUsable() throws Exception {
        int echo = callId("echo", String.class);
        try (RpcServer server = Loopback.server(TestService.class, new TestServiceImpl(), b -> b);
                RawConnection raw = new RawConnection(server.port())) {
            raw.write(RawFrames.request((byte) 1, 1, echo, 5000, STRING_CLAIMING_2_GIB));
            RawFrames.Received refused = raw.received().poll(10, TimeUnit.SECONDS);
            assertThat(refused).isNotNull();
            assertThat(refused.status()).isEqualTo(RpcException.Code.SERIALIZATION.wireValue());
            raw.write(RawFrames.request((byte) 1, 2, echo, 5000, new byte[] {0x0a, 2, 'o', 'k'}));
            RawFrames.Received ok = raw.received().poll(10, TimeUnit.SECONDS);
            assertThat(ok).isNotNull();
            assertThat(ok.status()).isZero();
            // A call leaves the in-flight count just after its answer is handed to the channel.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.stats().inFlight() == 0);
        }
    }

    @Test
    void malformedResponsesFailTheirCallsWithTypedErrors() throws Exception {
        ConcurrentLinkedQueue<Function<Long, byte[]>> answers = new ConcurrentLinkedQueue<>();
        // Status 100 whose message claims 2 GiB.
        answers.add(id -> response(id, Status.APPLICATION_ERROR, body -> {
            body.writeLong(0);
            Bodies.writeStr16(body, "java.lang.IllegalStateException");
            body.writeInt(Integer.MAX_VALUE).writeBytes(new byte[16]);
        }));
        // An OK result whose string claims 2 GiB.
        answers.add(id -> response(id, Status.OK, body -> body.writeLong(0).writeBytes(STRING_CLAIMING_2_GIB)));
        // A header promising a 1 GiB body: the client closes the connection rather than wait for or buffer it.
        answers.add(id -> {
            byte[] header = response(id, Status.OK, body -> { });
            Unpooled.wrappedBuffer(header).setInt(FrameHeader.BODY_LENGTH_OFFSET, 1 << 30);
            return header;
        });
        try (FakeProvider provider = new FakeProvider(answers);
                RpcClient client = RpcClient.builder().build()) {
            TestService service = client.proxy(TestService.class, "127.0.0.1:" + provider.port());
            RpcException.Code[] expected = {RpcException.Code.PROTOCOL, RpcException.Code.SERIALIZATION,
                RpcException.Code.CONNECTION_FAILED};
            for (RpcException.Code code : expected) {
                long begin = System.nanoTime();
                assertThatThrownBy(() -> service.echo("x")).isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.code()).isEqualTo(code));
                assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(3));
            }
            assertThat(client.stats().pendingCalls()).isZero();
        }
    }

    @Test
    void consumerSideCodesAnsweredByAProviderAreNeverRetried() throws Exception {
        // A provider (buggy or hostile) answers with codes only a consumer should produce. An answer means the call
        // reached the provider and may have run there, so failover must not send it to another one; the caller
        // gets the code as answered.
        ConcurrentLinkedQueue<Function<Long, byte[]>> answers = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < 10; i++) {
            RpcException.Code code = i % 2 == 0 ? RpcException.Code.TIMEOUT : RpcException.Code.CONNECTION_FAILED;
            answers.add(id -> {
                ByteBuf out = io.ferryrpc.core.internal.protocol.Responses.failure(
                        io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, id, code, "said the provider", 0);
                try {
                    byte[] bytes = new byte[out.readableBytes()];
                    out.readBytes(bytes);
                    return bytes;
                } finally {
                    out.release();
                }
            });
        }
        TestServiceImpl real = new TestServiceImpl();
        try (FakeProvider fake = new FakeProvider(answers);
                RpcServer server = Loopback.server(TestService.class, real, b -> b);
                RpcClient client = RpcClient.builder()
                        .defaultPolicy(CallPolicy.builder().loadBalancer(io.ferryrpc.core.spi.LoadBalancer.roundRobin())
                                .retries(2).build()).build()) {
            TestService service = client.proxy(TestService.class, "127.0.0.1:" + fake.port(),
                    Loopback.address(server));
            int failed = 0;
            for (int i = 0; i < 10; i++) {
                try {
                    service.touch();
                } catch (RpcException e) {
                    failed++;
                    assertThat(e.code()).isIn(RpcException.Code.TIMEOUT, RpcException.Code.CONNECTION_FAILED);
                    assertThat(e).hasMessageContaining("said the provider");
                }
            }

            int answeredByFake = 10 - answers.size();
            assertThat(failed).as("calls the fake answered").isEqualTo(answeredByFake).isPositive();
            assertThat(real.touches.get()).as("calls that ran on the real provider").isEqualTo(10 - failed);
        }
    }

    private static byte[] response(long requestId, byte status, java.util.function.Consumer<ByteBuf> body) {
        ByteBuf out = Unpooled.buffer();
        try {
            int start = FrameHeader.start(out, MessageType.RESPONSE, (byte) 1, status, requestId);
            body.accept(out);
            FrameHeader.finish(out, start);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } finally {
            out.release();
        }
    }

    /** A provider on 127.0.0.1 that answers each request with the next scripted frame. */
    private static final class FakeProvider implements AutoCloseable {
        private final ServerSocket listener;
        private final Thread acceptor;

        FakeProvider(ConcurrentLinkedQueue<Function<Long, byte[]>> answers) throws IOException {
            listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (Socket socket = listener.accept()) {
                        OutputStream out = socket.getOutputStream();
                        while (true) {
                            RawFrames.Received frame = RawFrames.read(socket.getInputStream());
                            if (frame.type() == MessageType.REQUEST.value()) {
                                Function<Long, byte[]> answer = answers.poll();
                                if (answer != null) {
                                    out.write(answer.apply(frame.requestId()));
                                    out.flush();
                                }
                            }
                        }
                    } catch (IOException e) {
                        // The connection (or the listener) closed: take the next one.
                    }
                }
            }, "fake-provider");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            listener.close();
            acceptor.join(5000);
        }
    }
}
