package io.ferryrpc.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.RpcClient;
import io.ferryrpc.core.RpcServer;
import io.ferryrpc.core.internal.descriptor.CallIdTable;
import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.descriptor.ProviderMethod;
import io.ferryrpc.core.internal.descriptor.ServiceDescriptor;
import io.ferryrpc.core.internal.filter.FilterChain;
import io.ferryrpc.core.internal.invoke.ProviderDispatcher;
import io.ferryrpc.core.internal.invoke.Replies;
import io.ferryrpc.core.internal.protocol.Bodies;
import io.ferryrpc.core.internal.protocol.Frame;
import io.ferryrpc.core.internal.protocol.FrameDecoder;
import io.ferryrpc.core.internal.protocol.FrameHeader;
import io.ferryrpc.core.internal.protocol.MessageType;
import io.ferryrpc.core.internal.protocol.ProtocolException;
import io.ferryrpc.core.internal.protocol.Responses;
import io.ferryrpc.core.internal.protocol.Status;
import io.ferryrpc.core.internal.serialize.ProtostuffSerializerFactory;
import io.ferryrpc.core.internal.transport.ServerHandler;
import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.spi.SerializationConfig;
import io.ferryrpc.core.spi.Serializer;
import io.ferryrpc.core.testing.Loopback;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the frame decoder, the provider's request decoding (prefix, attachments, arguments), the provider's whole
 * inbound pipeline, and the consumer's response decoding with a seeded mutator over valid frames; then sends
 * mutated frames to a running server over 127.0.0.1.
 *
 * <p>What may escape: {@link ProtocolException} from the frame decoder and the request prefix and attachments,
 * {@link RpcException} with code {@code SERIALIZATION} from argument decoding, and on the consumer any
 * {@code RpcException} or an exception rebuilt from a remote one (the provider's trace as its cause). Anything else
 * fails the run, as does an iteration that takes longer than {@value #HUNG_ITERATION_MILLIS} ms (a watchdog), a
 * buffer left with a reference, a connection closed for anything but a protocol violation, or a request not
 * answered exactly once.
 *
 * <p>Runs {@value #DEFAULT_SECONDS} s in-process plus a few seconds end to end by default. Longer or chosen runs:
 * {@code -Dferry.fuzz.seconds=600 -Dferry.fuzz.seed=12345}; one failing input again:
 * {@code -Dferry.fuzz.seed=S -Dferry.fuzz.iteration=N} (both printed with every failure). The class timeout allows
 * runs of up to about 15 minutes; longer ones also need {@code -Djunit.jupiter.execution.timeout.mode=disabled}.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DecoderFuzzTest {

    static final int DEFAULT_SECONDS = 16;
    static final long HUNG_ITERATION_MILLIS = 5_000;
    private static final int MAX_FRAME = 64 * 1024;

    private enum Target { FRAMES_AND_PIPELINE, REQUEST_BODY, RESPONSE_BODY }

    private static final Shapes.Impl IMPL = new Shapes.Impl();
    private static Serializer serializer;
    private static ServiceDescriptor service;
    private static final CallIdTable TABLE = new CallIdTable();
    private static ThreadPoolExecutor unusedExecutor;
    private static ProviderDispatcher dispatcher;
    private static ServerHandler serverHandler;
    private static final List<byte[]> FRAMES = new ArrayList<>();
    private static final List<byte[]> REQUEST_BODIES = new ArrayList<>();
    private static final List<ResponseSeed> RESPONSES = new ArrayList<>();
    private static Mutator frameMutator;
    private static Mutator requestMutator;
    private static Mutator responseMutator;

    private record ResponseSeed(MethodDescriptor method, byte status, byte[] body) {}

    @BeforeAll
    static void seeds() {
        serializer = new ProtostuffSerializerFactory()
                .create(SerializationConfig.of(DecoderFuzzTest.class.getClassLoader(), List.of()));
        service = ServiceDescriptor.of(Shapes.class, serializer);
        TABLE.add(service, IMPL);
        unusedExecutor = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
        dispatcher = new ProviderDispatcher(TABLE, serializer.id(), unusedExecutor, true,
                FilterChain.of(List.of(), Filter.Side.PROVIDER), "fuzz", true, 1024);
        serverHandler = new ServerHandler(dispatcher);

        Shapes.Shape leaf = new Shapes.Shape("leaf", List.of(1, 2, 3), Map.of("a", 1L), new byte[] {1, 2},
                "text", null, new int[] {4, 5}, new BigDecimal("12.50"));
        Shapes.Shape tree = new Shapes.Shape("tree", new ArrayList<>(java.util.Arrays.asList(7, null, 9)),
                new LinkedHashMap<>(Map.of("x", -1L, "y", Long.MAX_VALUE)), new byte[40], List.of(1, "two", 3.0),
                leaf, new int[0], BigDecimal.ONE.scaleByPowerOfTen(-20));
        Shapes.Box box = new Shapes.Box();
        box.label = "box";
        box.content = leaf;
        box.shapes.add(tree);
        Map<String, List<String>> index = new TreeMap<>(Map.of("k", List.of("v1", "v2"), "e", List.of()));
        Map<String, Object[][]> arguments = new LinkedHashMap<>();
        arguments.put("shape", new Object[][] {{tree}, {leaf}, {null}});
        arguments.put("many", new Object[][] {{List.of(leaf, tree), index}, {List.of(), Map.of()}});
        arguments.put("text", new Object[][] {{"h\u00e9llo \u20ac", new byte[] {0, -1, 127}, -5L}, {"", null, 0L}});
        arguments.put("anything", new Object[][] {{tree}, {Map.of("m", List.of(1L))}, {new int[] {1}}, {"s"}});
        arguments.put("box", new Object[][] {{box}});
        arguments.put("later", new Object[][] {{"soon"}});
        arguments.put("fire", new Object[][] {{"and forget"}});
        long requestId = 1;
        for (MethodDescriptor method : service.methods()) {
            MessageType type = method.method().getName().equals("fire") ? MessageType.ONEWAY : MessageType.REQUEST;
            for (Object[] args : arguments.get(method.method().getName())) {
                for (Map<String, String> attachments : List.of(Map.<String, String>of(),
                        Map.of("trace-id", "0af7651916cd43dd", "tenant", "t\u00fcr"))) {
                    ByteBuf out = Unpooled.buffer();
                    int start = FrameHeader.start(out, type, serializer.id(), (byte) 0, requestId++);
                    Bodies.writeRequestPrefix(out, method.callId(), 3000, attachments);
                    method.argumentCodec().encode(args, out);
                    FrameHeader.finish(out, start);
                    byte[] frame = ByteBufUtil.getBytes(out);
                    out.release();
                    FRAMES.add(frame);
                    REQUEST_BODIES.add(java.util.Arrays.copyOfRange(frame, FrameHeader.LENGTH, frame.length));
                }
                Object result = method.method().getName().equals("text") ? "summary"
                        : method.method().getName().equals("later") ? "done"
                        : method.method().getName().equals("fire") ? null : args[0];
                ByteBuf out = Unpooled.buffer();
                out.writeLong(1234);
                method.resultCodec().encode(new Object[] {result}, out);
                RESPONSES.add(new ResponseSeed(method, Status.OK, ByteBufUtil.getBytes(out)));
                out.release();
            }
            ByteBuf error = Responses.applicationError(ByteBufAllocator.DEFAULT, 9,
                    new IllegalStateException("boom"), 77);
            RESPONSES.add(new ResponseSeed(method, Status.APPLICATION_ERROR,
                    ByteBufUtil.getBytes(error, FrameHeader.LENGTH, error.readableBytes() - FrameHeader.LENGTH)));
            error.release();
            ByteBuf busy = Responses.failure(ByteBufAllocator.DEFAULT, 9, RpcException.Code.SERVER_BUSY, "full", 1);
            RESPONSES.add(new ResponseSeed(method, Status.of(RpcException.Code.SERVER_BUSY),
                    ByteBufUtil.getBytes(busy, FrameHeader.LENGTH, busy.readableBytes() - FrameHeader.LENGTH)));
            busy.release();
        }
        for (MessageType type : List.of(MessageType.PING, MessageType.PONG, MessageType.CANCEL)) {
            ByteBuf out = Unpooled.buffer();
            FrameHeader.writeEmpty(out, type, (byte) 0, 5);
            FRAMES.add(ByteBufUtil.getBytes(out));
            out.release();
        }
        int[] callIds = service.methods().stream().mapToInt(MethodDescriptor::callId).toArray();
        frameMutator = new Mutator(FRAMES, callIds);
        requestMutator = new Mutator(REQUEST_BODIES, callIds);
        List<byte[]> responseBodies = RESPONSES.stream().map(ResponseSeed::body).toList();
        responseMutator = new Mutator(responseBodies, callIds);
    }

    @AfterAll
    static void stop() {
        unusedExecutor.shutdownNow();
    }

    /** What one run saw, printed at its end; outcomes name the exception type and code, never received text. */
    private static final class Tally {
        final Map<String, Long> outcomes = new TreeMap<>();
        long iterations;

        void count(String outcome) {
            outcomes.merge(outcome, 1L, Long::sum);
        }
    }

    /** A failure with everything needed to reproduce it. */
    private static final class FuzzFailure extends AssertionError {
        private static final long serialVersionUID = 1L;

        FuzzFailure(String what, long seed, long iteration, Target target, byte[] input, Throwable cause) {
            super(what + " [reproduce: -Dferry.fuzz.seed=" + seed + " -Dferry.fuzz.iteration=" + iteration
                    + "; target " + target + "; input " + input.length + " bytes: " + ByteBufUtil.hexDump(input)
                    + "]", cause);
        }
    }

    @Test
    void decodersLetOnlyTypedErrorsEscapeAndReleaseEverything() throws Exception {
        long seconds = Long.getLong("ferry.fuzz.seconds", DEFAULT_SECONDS);
        long seed = Long.getLong("ferry.fuzz.seed", System.nanoTime());
        Long only = Long.getLong("ferry.fuzz.iteration");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        System.out.printf("decoder fuzz: seed %d, %d s%s%n", seed, seconds,
                only == null ? "" : ", iteration " + only + " only");
        Tally tally = new Tally();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] iterationStart = {System.nanoTime(), -1};
        String[] current = {""};
        Thread worker = new Thread(() -> {
            try {
                long i = only == null ? 0 : only;
                do {
                    synchronized (iterationStart) {
                        iterationStart[0] = System.nanoTime();
                        iterationStart[1] = i;
                    }
                    runIteration(seed, i, tally, current);
                    tally.iterations++;
                    i++;
                } while (only == null && System.nanoTime() < deadline);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "fuzz-worker");
        worker.setDaemon(true);
        long begin = System.nanoTime();
        worker.start();
        while (worker.isAlive()) {
            worker.join(100);
            synchronized (iterationStart) {
                long running = System.nanoTime() - iterationStart[0];
                if (worker.isAlive() && running > TimeUnit.MILLISECONDS.toNanos(HUNG_ITERATION_MILLIS)) {
                    // The stuck worker is a daemon thread: it cannot hold the JVM.
                    throw new AssertionError("iteration " + iterationStart[1] + " hung for over "
                            + HUNG_ITERATION_MILLIS + " ms [reproduce: -Dferry.fuzz.seed=" + seed
                            + " -Dferry.fuzz.iteration=" + iterationStart[1] + "; " + current[0] + "]");
                }
            }
        }
        double elapsed = (System.nanoTime() - begin) / 1e9;
        System.out.printf("decoder fuzz: seed %d, %d iterations in %.1f s (%.0f/s); outcomes %s%n", seed,
                tally.iterations, elapsed, tally.iterations / elapsed, tally.outcomes);
        if (failure.get() != null) {
            throw new AssertionError(failure.get().getMessage(), failure.get());
        }
        assertThat(tally.iterations).isPositive();
        assertThat(dispatcher.inFlight()).isZero();
    }

    private static void runIteration(long seed, long i, Tally tally, String[] current) {
        Random random = new Random(seed ^ (i * 0x9E3779B97F4A7C15L));
        Target target = Target.values()[(int) (i % Target.values().length)];
        byte[] input;
        switch (target) {
            case FRAMES_AND_PIPELINE -> {
                input = frameMutator.mutate(random, FRAMES.get(random.nextInt(FRAMES.size())), true);
                if (random.nextInt(4) == 0) {
                    // A valid frame after the mutated one: does the decoder find its way back, or stop cleanly?
                    byte[] next = FRAMES.get(random.nextInt(FRAMES.size()));
                    byte[] both = java.util.Arrays.copyOf(input, input.length + next.length);
                    System.arraycopy(next, 0, both, input.length, next.length);
                    input = both;
                }
            }
            case REQUEST_BODY -> input = requestMutator.mutate(random,
                    REQUEST_BODIES.get(random.nextInt(REQUEST_BODIES.size())), false);
            default -> input = null;
        }
        ResponseSeed response = null;
        byte status = 0;
        if (target == Target.RESPONSE_BODY) {
            response = RESPONSES.get(random.nextInt(RESPONSES.size()));
            input = responseMutator.mutate(random, response.body(), false);
            status = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : response.status();
        }
        current[0] = "target " + target + ", input " + ByteBufUtil.hexDump(input);
        try {
            switch (target) {
                case FRAMES_AND_PIPELINE -> {
                    int requests = decodeFrames(input, random, tally);
                    throughPipeline(input, random, requests, tally);
                }
                case REQUEST_BODY -> decodeRequestBody(input, tally);
                case RESPONSE_BODY -> decodeResponse(response.method(), status, input, tally);
                default -> throw new IllegalStateException();
            }
        } catch (FuzzFailureCause e) {
            throw new FuzzFailure(e.getMessage(), seed, i, target, input, e.getCause());
        }
    }

    /** Carries a failed check out of a target to where the seed and iteration are known. */
    private static final class FuzzFailureCause extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FuzzFailureCause(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new FuzzFailureCause(message, null);
        }
    }

    /** Pooled direct buffers, in random chunks, so that the leak detector and the refCnt checks see them. */
    private static List<ByteBuf> chunks(byte[] input, Random random) {
        List<ByteBuf> chunks = new ArrayList<>();
        int at = 0;
        do {
            int n = random.nextInt(3) == 0 ? input.length - at : Math.min(input.length - at, 1 + random.nextInt(32));
            chunks.add(ByteBufAllocator.DEFAULT.directBuffer(Math.max(n, 1)).writeBytes(input, at, n));
            at += n;
        } while (at < input.length);
        return chunks;
    }

    private static void checkReleased(List<ByteBuf> buffers, String what) {
        for (ByteBuf b : buffers) {
            check(b.refCnt() == 0, what + " left a buffer with refCnt " + b.refCnt());
        }
    }

    /** (a) The frame decoder alone; returns the number of REQUEST frames it produced. */
    private static int decodeFrames(byte[] input, Random random, Tally tally) {
        int[] requests = {0};
        List<Throwable> errors = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX_FRAME), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                Frame frame = (Frame) msg;
                if (frame.type() == MessageType.REQUEST) {
                    requests[0]++;
                }
                check(frame.body().readableBytes() <= MAX_FRAME, "a body over the limit passed the decoder");
                frame.release();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                errors.add(cause);
            }
        });
        List<ByteBuf> chunks = chunks(input, random);
        for (ByteBuf chunk : chunks) {
            channel.writeInbound(chunk);
        }
        channel.finishAndReleaseAll();
        checkReleased(chunks, "the frame decoder");
        for (Throwable e : errors) {
            if (e instanceof FuzzFailureCause f) {
                throw f;
            }
            if (!(e instanceof ProtocolException)) {
                throw new FuzzFailureCause("the frame decoder raised " + e, e);
            }
        }
        check(errors.size() <= 1, "the frame decoder raised " + errors.size() + " errors for one connection");
        tally.count(errors.isEmpty() ? "frames: ok" : "frames: ProtocolException");
        return requests[0];
    }

    /** (b) The provider's inbound pipeline, running calls on the IO thread: every request answered once. */
    private static void throughPipeline(byte[] input, Random random, int requests, Tally tally) {
        long violationsBefore = serverHandler.protocolErrors();
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX_FRAME), serverHandler);
        List<ByteBuf> chunks = chunks(input, random);
        for (ByteBuf chunk : chunks) {
            if (channel.isOpen()) {
                channel.writeInbound(chunk);
            } else {
                // What a closed connection would never have read.
                chunk.release();
            }
        }
        channel.runPendingTasks();
        int responses = 0;
        Object out;
        while ((out = channel.readOutbound()) != null) {
            ByteBuf frame = (ByteBuf) out;
            if (frame.getByte(frame.readerIndex() + 3) == MessageType.RESPONSE.value()) {
                responses++;
            }
            frame.release();
        }
        boolean open = channel.isOpen();
        boolean violation = serverHandler.protocolErrors() != violationsBefore;
        channel.finishAndReleaseAll();
        checkReleased(chunks, "the provider pipeline");
        check(open || violation, "the provider closed the connection without a protocol violation");
        if (open) {
            check(responses == requests, requests + " requests got " + responses + " responses");
        }
        check(dispatcher.inFlight() == 0, dispatcher.inFlight() + " calls left in flight");
        tally.count(open ? "pipeline: open" : "pipeline: closed for a violation");
    }

    /** (c) Request prefix, attachments and arguments, as the provider reads them. */
    private static void decodeRequestBody(byte[] input, Tally tally) {
        ByteBuf body = ByteBufAllocator.DEFAULT.directBuffer(Math.max(1, input.length)).writeBytes(input);
        try {
            Bodies.ensure(body, Bodies.REQUEST_PREFIX, "request prefix");
            ProviderMethod method = TABLE.lookup(body.readInt());
            if (method == null) {
                tally.count("request: unknown call ID");
                return;
            }
            body.readInt();
            Bodies.readAttachments(body);
            method.descriptor().argumentCodec().decode(body);
            tally.count("request: decoded");
        } catch (ProtocolException e) {
            tally.count("request: ProtocolException");
        } catch (RpcException e) {
            check(e.code() == RpcException.Code.SERIALIZATION, "argument decoding raised " + e.code());
            tally.count("request: SERIALIZATION" + maskedType(e));
        } catch (Throwable t) {
            throw new FuzzFailureCause("request decoding raised " + t, t);
        } finally {
            body.release();
            check(body.refCnt() == 0, "request body not released");
        }
    }

    /** (d) A response as the consumer reads it; {@link Replies#read} releases the frame. */
    private static void decodeResponse(MethodDescriptor method, byte status, byte[] input, Tally tally) {
        ByteBuf body = ByteBufAllocator.DEFAULT.directBuffer(Math.max(1, input.length)).writeBytes(input);
        try {
            Replies.read(new Frame(MessageType.RESPONSE, serializer.id(), status, 1, body), method, "fuzz");
            tally.count("response: decoded");
        } catch (RpcException e) {
            tally.count("response: " + e.code() + maskedType(e));
        } catch (Throwable t) {
            boolean rebuilt = isRemoteTrace(t.getCause());
            for (Throwable s : t.getSuppressed()) {
                rebuilt |= isRemoteTrace(s);
            }
            if (!rebuilt) {
                throw new FuzzFailureCause("response decoding raised " + t, t);
            }
            tally.count("response: rebuilt remote exception");
        }
        check(body.refCnt() == 0, "response frame not released");
    }

    private static boolean isRemoteTrace(Throwable t) {
        return t != null && t.getClass().getName().endsWith("Replies$RemoteStackTrace");
    }

    /** The JDK exception a codec turned into SERIALIZATION, if it says so: worth a look when one is frequent. */
    private static String maskedType(RpcException e) {
        String m = String.valueOf(e.getMessage());
        int open = m.lastIndexOf(" (");
        return m.endsWith("Exception)") || m.endsWith("Error)") ? " " + m.substring(open + 1) : "";
    }

    @Test
    void aServerFedMutatedFramesKeepsServingAGoodClient() throws Exception {
        long seconds = Math.max(3, Long.getLong("ferry.fuzz.seconds", DEFAULT_SECONDS) / 5);
        long seed = Long.getLong("ferry.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.printf("end-to-end fuzz: seed %d, %d s%n", seed, seconds);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int connections = 0;
        try (RpcServer server = Loopback.server(Shapes.class, IMPL, b -> b.maxFrameLength(MAX_FRAME));
                RpcClient client = RpcClient.builder().build()) {
            Shapes good = client.proxy(Shapes.class, Loopback.address(server));
            assertThat(good.text("a", new byte[2], 3)).isEqualTo("a23");
            while (System.nanoTime() < deadline) {
                connections++;
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                    socket.setSoTimeout(20);
                    int frames = 1 + random.nextInt(4);
                    for (int f = 0; f < frames; f++) {
                        byte[] frame = FRAMES.get(random.nextInt(FRAMES.size()));
                        socket.getOutputStream().write(random.nextInt(3) == 0 ? frame
                                : frameMutator.mutate(random, frame, true));
                    }
                    drain(socket.getInputStream());
                } catch (IOException e) {
                    // The server closed or reset the connection while it was written to: one of the outcomes.
                }
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(server.stats().inFlight()).isZero();
                assertThat(server.stats().connections()).isEqualTo(1);
            });
            RpcServer.Stats stats = server.stats();
            Shapes.Shape shape = new Shapes.Shape("after", List.of(1), Map.of(), new byte[0], "x", null,
                    new int[] {1}, BigDecimal.TEN);
            assertThat(good.shape(shape).name()).isEqualTo("after");
            System.out.printf("end-to-end fuzz: %d connections, server stats %s%n", connections, stats);
            assertThat(stats.protocolErrors()).isPositive();
            assertThat(stats.connectionsAccepted()).isEqualTo(connections + 1L);
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // Answers and refusals are read and dropped; the checks are on the server's side.
            }
        } catch (SocketTimeoutException quiet) {
            // Nothing more for now.
        }
    }
}
