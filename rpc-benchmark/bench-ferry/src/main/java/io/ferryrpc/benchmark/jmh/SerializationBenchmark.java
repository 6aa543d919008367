package io.ferryrpc.benchmark.jmh;

import io.ferryrpc.benchmark.ferry.FerryWireBodies;
import io.ferryrpc.benchmark.netty.RawNettyPeer;
import io.ferryrpc.benchmark.workload.Operation;
import io.ferryrpc.core.spi.TupleCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
 * Ferry's Protostuff tuple codecs alone, no framing: the getUser argument, its {@code User} result and listUser's
 * {@code Page<User>} of 15, encoded into a reused direct buffer and decoded from one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SerializationBenchmark {

    private TupleCodec getUserArguments;
    private TupleCodec userResult;
    private TupleCodec pageResult;
    private Object[] idArgument;
    private Object[] user;
    private Object[] page;
    private ByteBuf scratch;
    private ByteBuf encodedId;
    private ByteBuf encodedUser;
    private ByteBuf encodedPage;

    /** Builds the codecs and the encoded values the decoders read. */
    @Setup
    public void setUp() {
        FerryWireBodies wire = new FerryWireBodies();
        getUserArguments = wire.method(Operation.GET_USER).argumentCodec();
        userResult = wire.method(Operation.GET_USER).resultCodec();
        pageResult = wire.method(Operation.LIST_USER).resultCodec();
        idArgument = FerryWireBodies.arguments(Operation.GET_USER, RawNettyPeer.SEQUENCE, 0);
        user = new Object[] {wire.result(Operation.GET_USER, idArgument)};
        page = new Object[] {wire.result(Operation.LIST_USER,
                FerryWireBodies.arguments(Operation.LIST_USER, RawNettyPeer.SEQUENCE, 0))};
        scratch = ByteBufAllocator.DEFAULT.directBuffer(4096);
        encodedId = encode(getUserArguments, idArgument);
        encodedUser = encode(userResult, user);
        encodedPage = encode(pageResult, page);
    }

    private static ByteBuf encode(TupleCodec codec, Object[] values) {
        ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer();
        codec.encode(values, out);
        return out;
    }

    /** Releases the buffers. */
    @TearDown
    public void tearDown() {
        scratch.release();
        encodedId.release();
        encodedUser.release();
        encodedPage.release();
    }

    /** getUser's {@code long} argument. */
    @Benchmark
    public int encodeGetUserArgument() {
        scratch.clear();
        getUserArguments.encode(idArgument, scratch);
        return scratch.writerIndex();
    }

    /** getUser's {@code long} argument, decoded. */
    @Benchmark
    public Object decodeGetUserArgument() {
        return getUserArguments.decode(encodedId.duplicate())[0];
    }

    /** A {@code User}. */
    @Benchmark
    public int encodeUser() {
        scratch.clear();
        userResult.encode(user, scratch);
        return scratch.writerIndex();
    }

    /** A {@code User}, rebuilt. */
    @Benchmark
    public Object decodeUser() {
        return userResult.decode(encodedUser.duplicate())[0];
    }

    /** A {@code Page<User>} of 15 users. */
    @Benchmark
    public int encodePage() {
        scratch.clear();
        pageResult.encode(page, scratch);
        return scratch.writerIndex();
    }

    /** A {@code Page<User>} of 15 users, rebuilt. */
    @Benchmark
    public Object decodePage() {
        return pageResult.decode(encodedPage.duplicate())[0];
    }
}
