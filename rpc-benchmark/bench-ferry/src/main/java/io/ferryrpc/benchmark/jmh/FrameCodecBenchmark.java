package io.ferryrpc.benchmark.jmh;

import io.ferryrpc.benchmark.ferry.FerryWireBodies;
import io.ferryrpc.benchmark.netty.RawNettyPeer;
import io.ferryrpc.benchmark.workload.Operation;
import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.invoke.Replies;
import io.ferryrpc.core.internal.protocol.Bodies;
import io.ferryrpc.core.internal.protocol.Frame;
import io.ferryrpc.core.internal.protocol.FrameDecoder;
import io.ferryrpc.core.internal.protocol.FrameHeader;
import io.ferryrpc.core.internal.protocol.MessageType;
import io.ferryrpc.core.internal.protocol.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A whole Ferry frame, encoded and decoded as Ferry's consumer and provider do it: header, fixed body prefix and
 * Protostuff values, into a pooled direct buffer; decoding goes through {@link FrameDecoder} in an embedded channel
 * and ends with the values rebuilt ({@link Replies#read} for the response, as the consumer does).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameCodecBenchmark {

    private MethodDescriptor getUser;
    private MethodDescriptor listUser;
    private byte serializerId;
    private Object[] getUserArguments;
    private Object page;
    private ByteBuf requestFrame;
    private ByteBuf responseFrame;
    private EmbeddedChannel decoder;
    private long requestId;

    /** Encodes the frames that the decoding benchmarks read. */
    @Setup
    public void setUp() {
        FerryWireBodies wire = new FerryWireBodies();
        getUser = wire.method(Operation.GET_USER);
        listUser = wire.method(Operation.LIST_USER);
        serializerId = wire.serializerId();
        getUserArguments = FerryWireBodies.arguments(Operation.GET_USER, RawNettyPeer.SEQUENCE, 0);
        Object[] listArguments = FerryWireBodies.arguments(Operation.LIST_USER, RawNettyPeer.SEQUENCE, 0);
        page = wire.result(Operation.LIST_USER, listArguments);
        requestFrame = getUserRequest();
        responseFrame = listUserResponse();
        decoder = new EmbeddedChannel(new FrameDecoder(FrameHeader.DEFAULT_MAX_BODY_LENGTH));
    }

    /** Releases the frames and the channel. */
    @TearDown
    public void tearDown() {
        requestFrame.release();
        responseFrame.release();
        decoder.finishAndReleaseAll();
    }

    /**
     * A getUser request frame, as {@code ConsumerInvoker} encodes it; the buffer is released after, as the IO thread
     * does after writing it, so that pooled memory is reused as in a run.
     */
    @Benchmark
    public int encodeGetUserRequest() {
        ByteBuf out = getUserRequest();
        int length = out.readableBytes();
        out.release();
        return length;
    }

    private ByteBuf getUserRequest() {
        ByteBuf out = ByteBufAllocator.DEFAULT.ioBuffer();
        int start = FrameHeader.start(out, MessageType.REQUEST, serializerId, (byte) 0, ++requestId);
        Bodies.writeRequestPrefix(out, getUser.callId(), 3000, Map.of());
        getUser.argumentCodec().encode(getUserArguments, out);
        FrameHeader.finish(out, start);
        return out;
    }

    /** A getUser request frame split off the stream and its argument decoded, as the provider does. */
    @Benchmark
    public Object decodeGetUserRequest() {
        decoder.writeInbound(requestFrame.retainedDuplicate());
        Frame frame = decoder.readInbound();
        try {
            ByteBuf body = frame.body();
            body.skipBytes(8); // call ID and timeout
            int attachments = body.readUnsignedShort();
            for (int i = 0; i < attachments; i++) {
                Bodies.readStr16(body);
                Bodies.readStr16(body);
            }
            return getUser.argumentCodec().decode(body)[0];
        } finally {
            frame.release();
        }
    }

    /** A listUser response frame of 15 users, released after encoding as the IO thread does after writing it. */
    @Benchmark
    public int encodeListUserResponse() {
        ByteBuf out = listUserResponse();
        int length = out.readableBytes();
        out.release();
        return length;
    }

    /** A listUser response frame split off the stream and its {@code Page<User>} rebuilt, as the consumer does. */
    @Benchmark
    public Object decodeListUserResponse() throws Throwable {
        decoder.writeInbound(responseFrame.retainedDuplicate());
        Frame frame = decoder.readInbound();
        return Replies.read(frame, listUser, "127.0.0.1:0");
    }

    private ByteBuf listUserResponse() {
        ByteBuf out = ByteBufAllocator.DEFAULT.ioBuffer();
        int start = FrameHeader.start(out, MessageType.RESPONSE, serializerId, Status.OK, ++requestId);
        out.writeLong(0);
        listUser.resultCodec().encode(new Object[] {page}, out);
        FrameHeader.finish(out, start);
        return out;
    }
}
