package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.fixtures.TestService;
import io.ferryrpc.core.fixtures.TestServiceImpl;
import io.ferryrpc.core.fixtures.TripwireFlag;
import io.ferryrpc.core.internal.descriptor.CallIds;
import io.ferryrpc.core.internal.protocol.FrameHeader;
import io.ferryrpc.core.internal.protocol.MessageType;
import io.ferryrpc.core.testing.Loopback;
import io.ferryrpc.core.testing.RawFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Raw bytes against a provider: typed errors, closed connections, and nobody else harmed. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BadInputTest {

    private final TestServiceImpl impl = new TestServiceImpl();
    private RpcServer server;
    private RpcClient client;
    private TestService service;

    @BeforeEach
    void start() {
        server = Loopback.server(TestService.class, impl, b -> b.maxFrameLength(64 * 1024));
        client = RpcClient.builder().build();
        service = client.proxy(TestService.class, Loopback.address(server));
        assertThat(service.echo("warm")).isEqualTo("warm");
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static byte[] request(byte serializer, long requestId, int callId, byte[] arguments) {
        return RawFrames.request(serializer, requestId, callId, 5000, arguments);
    }

    @Test
    void anUnknownCallIdIsAnsweredWithoutDecodingItsBody() throws Exception {
        byte[] gadget = ("\n" + "io.ferryrpc.core.fixtures.Tripwire").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = connect()) {
            socket.getOutputStream().write(request((byte) 1, 41, 0x12345678, gadget));
            RawFrames.Response response = RawFrames.readResponse(socket.getInputStream());
            assertThat(response.status()).isEqualTo(RpcException.Code.INCOMPATIBLE_INTERFACE.wireValue());
            assertThat(response.requestId()).isEqualTo(41L);
            assertThat(response.message()).contains("0x12345678").doesNotContain("Tripwire");
        }
        assertThat(TripwireFlag.TRIPPED).isFalse();
        assertThat(server.stats().unknownCallIds()).isEqualTo(1);
    }

    @Test
    void aClassNameInTheArgumentsOfAKnownMethodIsNotLoaded() throws Exception {
        // echo(String): a polymorphic-looking payload in a String slot is just bytes; never a class lookup.
        int callId = CallIds.of(CallIds.signature(TestService.class.getName(), "1.0",
                TestService.class.getMethod("roundTrip", io.ferryrpc.core.fixtures.Order.class)));
        byte[] payload = new byte[] {0x0b, 0x0a, 34};
        byte[] name = "io.ferryrpc.core.fixtures.Tripwire".getBytes(StandardCharsets.UTF_8);
        byte[] args = new byte[payload.length + name.length + 1];
        System.arraycopy(payload, 0, args, 0, payload.length);
        System.arraycopy(name, 0, args, payload.length, name.length);
        args[args.length - 1] = 0x0c;
        try (Socket socket = connect()) {
            socket.getOutputStream().write(request((byte) 1, 42, callId, args));
            RawFrames.Response response = RawFrames.readResponse(socket.getInputStream());
            assertThat(response.status()).isIn(0, RpcException.Code.SERIALIZATION.wireValue());
        }
        assertThat(TripwireFlag.TRIPPED).isFalse();
    }

    @Test
    void anUnknownSerializerIsRefusedAndTheConnectionStaysUsable() throws Exception {
        int callId = CallIds.of(CallIds.signature(TestService.class.getName(), "1.0",
                TestService.class.getMethod("touch")));
        try (Socket socket = connect()) {
            socket.getOutputStream().write(request((byte) 99, 1, callId, new byte[0]));
            RawFrames.Response refused = RawFrames.readResponse(socket.getInputStream());
            assertThat(refused.status()).isEqualTo(RpcException.Code.SERIALIZATION.wireValue());
            assertThat(refused.message()).contains("serializer id 99");

            socket.getOutputStream().write(request((byte) 1, 2, callId, new byte[] {(byte) 0xff, 0x01}));
            RawFrames.Response malformed = RawFrames.readResponse(socket.getInputStream());
            assertThat(malformed.status()).isEqualTo(RpcException.Code.SERIALIZATION.wireValue());

            socket.getOutputStream().write(request((byte) 1, 3, callId, new byte[0]));
            assertThat(RawFrames.readResponse(socket.getInputStream()).status()).isEqualTo(0);
        }
        assertThat(impl.touches.get()).isEqualTo(1);
    }

    @Test
    void anOversizedLengthClosesOnlyItsOwnConnection() throws Exception {
        try (Socket socket = connect()) {
            ByteBuf header = Unpooled.buffer();
            FrameHeader.start(header, MessageType.REQUEST, (byte) 1, (byte) 0, 7);
            header.setInt(FrameHeader.BODY_LENGTH_OFFSET, 1 << 30);
            byte[] bytes = new byte[header.readableBytes()];
            header.readBytes(bytes);
            header.release();
            socket.getOutputStream().write(bytes);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(service.echo("others unaffected")).isEqualTo("others unaffected");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().protocolErrors() == 1);
    }

    @Test
    void randomGarbageClosesConnectionsAndTheServerKeepsServing() throws Exception {
        Random random = new Random(20261126L);
        for (int i = 0; i < 8; i++) {
            byte[] garbage = new byte[1 + random.nextInt(4096)];
            random.nextBytes(garbage);
            if (i % 2 == 1) {
                // Half of them start like a real frame, so the later checks are reached too.
                garbage[0] = (byte) 0xFE;
                if (garbage.length > 1) {
                    garbage[1] = 0x77;
                }
            }
            try (Socket socket = connect()) {
                try {
                    socket.getOutputStream().write(garbage);
                    socket.shutdownOutput();
                    while (socket.getInputStream().read() >= 0) {
                        // Drain until the server closes the connection.
                    }
                } catch (IOException reset) {
                    // The server may reset the connection while we still write: also a close.
                }
            }
            assertThat(service.echo("still " + i)).isEqualTo("still " + i);
        }
        assertThat(server.stats().protocolErrors()).isPositive();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().connections() == 1);
    }

    @Test
    void anOversizedRequestFailsOnlyItsOwnCall() {
        try (RpcClient small = RpcClient.builder().maxFrameLength(1024).build()) {
            TestService limited = small.proxy(TestService.class, Loopback.address(server));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> limited.echo("x".repeat(4096)))
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.code()).isEqualTo(RpcException.Code.SERIALIZATION));
            assertThat(limited.echo("small")).isEqualTo("small");
        }
    }

    @Test
    void aConsumerMethodTheProviderLacksFailsAtOnceNamingItsSignature() {
        io.ferryrpc.core.fixtures.TestServiceWithExtraMethod newer =
                client.proxy(io.ferryrpc.core.fixtures.TestServiceWithExtraMethod.class, Loopback.address(server));
        assertThat(newer.echo("shared method")).isEqualTo("shared method");
        long begin = System.nanoTime();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> newer.shout("x", 3))
                .isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.code()).isEqualTo(RpcException.Code.INCOMPATIBLE_INTERFACE))
                .hasMessageContaining("io.ferryrpc.core.fixtures.TestService:1.0#shout(java.lang.String,int)");
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(2));
        assertThat(server.stats().unknownCallIds()).isEqualTo(1);
        assertThat(newer.echo("still")).isEqualTo("still");
    }

    @Test
    void aBodyTooShortForTheRequestPrefixGetsProtocolAndTheConnectionStaysUsable() throws Exception {
        int callId = CallIds.of(CallIds.signature(TestService.class.getName(), "1.0",
                TestService.class.getMethod("touch")));
        try (Socket socket = connect()) {
            // Two bytes: not even a call ID.
            socket.getOutputStream().write(RawFrames.frame(MessageType.REQUEST, 11, new byte[] {1, 2}));
            RawFrames.Response noCallId = RawFrames.readResponse(socket.getInputStream());
            assertThat(noCallId.status()).isEqualTo(RpcException.Code.PROTOCOL.wireValue());
            assertThat(noCallId.requestId()).isEqualTo(11L);

            // A known call ID, then the body ends in the middle of the timeout field.
            ByteBuf cut = Unpooled.buffer().writeInt(callId).writeShort(0);
            byte[] cutBytes = new byte[cut.readableBytes()];
            cut.readBytes(cutBytes);
            cut.release();
            socket.getOutputStream().write(RawFrames.frame(MessageType.REQUEST, 12, cutBytes));
            RawFrames.Response shortPrefix = RawFrames.readResponse(socket.getInputStream());
            assertThat(shortPrefix.status()).isIn(RpcException.Code.PROTOCOL.wireValue(),
                    RpcException.Code.SERIALIZATION.wireValue());
            assertThat(shortPrefix.requestId()).isEqualTo(12L);

            // An attachment count that promises more than the body holds.
            ByteBuf lying = Unpooled.buffer().writeInt(callId).writeInt(5000).writeShort(3);
            byte[] lyingBytes = new byte[lying.readableBytes()];
            lying.readBytes(lyingBytes);
            lying.release();
            socket.getOutputStream().write(RawFrames.frame(MessageType.REQUEST, 13, lyingBytes));
            RawFrames.Response badAttachments = RawFrames.readResponse(socket.getInputStream());
            assertThat(badAttachments.status()).isIn(RpcException.Code.PROTOCOL.wireValue(),
                    RpcException.Code.SERIALIZATION.wireValue());
            assertThat(badAttachments.requestId()).isEqualTo(13L);

            // The same connection still serves a well-formed request.
            socket.getOutputStream().write(request((byte) 1, 14, callId, new byte[0]));
            RawFrames.Response ok = RawFrames.readResponse(socket.getInputStream());
            assertThat(ok.status()).isEqualTo(0);
            assertThat(ok.requestId()).isEqualTo(14L);
        }
        assertThat(impl.touches.get()).isEqualTo(1);
        assertThat(server.stats().protocolErrors()).isZero();
    }
}
