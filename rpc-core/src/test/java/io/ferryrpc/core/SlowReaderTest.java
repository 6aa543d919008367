package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.api.RpcService;
import io.ferryrpc.core.internal.descriptor.CallIds;
import io.ferryrpc.core.internal.protocol.Bodies;
import io.ferryrpc.core.internal.protocol.FrameHeader;
import io.ferryrpc.core.internal.protocol.MessageType;
import io.ferryrpc.core.internal.serialize.ProtostuffSerializerFactory;
import io.ferryrpc.core.spi.SerializationConfig;
import io.ferryrpc.core.spi.TupleCodec;
import io.ferryrpc.core.testing.Loopback;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A consumer that keeps sending and reads nothing is throttled: the provider stops reading from it. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SlowReaderTest {

    /** Echoes its argument. */
    @RpcService(name = "slowreader.Echo")
    public interface Echo {
        /** Returns {@code value}. */
        String echo(String value);
    }

    @Test
    void theProviderStopsReadingUntilTheConsumerCatchesUp() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        Echo impl = value -> {
            ran.incrementAndGet();
            return value;
        };
        int requests = 1_000;
        String payload = "x".repeat(64 * 1024);
        TupleCodec arguments = new ProtostuffSerializerFactory()
                .create(SerializationConfig.of(getClass().getClassLoader(), List.of())).tupleCodec(String.class);
        try (RpcServer server = Loopback.server(Echo.class, impl, b -> b.executorQueueSize(requests));
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            int callId = CallIds.of(CallIds.signature("slowreader.Echo", "1.0",
                    Echo.class.getMethod("echo", String.class)));
            ByteBuf frame = Unpooled.buffer();
            int start = FrameHeader.start(frame, MessageType.REQUEST, (byte) 1, (byte) 0, 1);
            Bodies.writeRequestPrefix(frame, callId, 30_000, Map.of());
            arguments.encode(new Object[] {payload}, frame);
            FrameHeader.finish(frame, start);
            byte[] request = new byte[frame.readableBytes()];
            frame.readBytes(request);
            frame.release();

            OutputStream out = socket.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < requests; i++) {
                        out.write(request); // blocks once the provider stops reading and the buffers are full
                    }
                    out.flush();
                } catch (IOException e) {
                    // The socket closed at the end of a failed test.
                }
            });
            writer.start();

            // 1,000 answers are 64 MiB; unread, the provider must stall long before producing them all.
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                    .until(new java.util.concurrent.Callable<Boolean>() {
                        private int previous = -1;

                        @Override
                        public Boolean call() {
                            int now = ran.get();
                            boolean stalled = now > 0 && now == previous;
                            previous = now;
                            return stalled;
                        }
                    });
            assertThat(ran.get()).as("calls run while the consumer read nothing").isLessThan(requests / 2);

            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[FrameHeader.LENGTH];
            for (int i = 0; i < requests; i++) {
                in.readFully(header);
                in.skipNBytes(Unpooled.wrappedBuffer(header).getInt(FrameHeader.BODY_LENGTH_OFFSET));
            }
            writer.join(10_000);
            assertThat(ran.get()).isEqualTo(requests);
        }
    }
}
