package io.ferryrpc.benchmark.ferry;

import io.ferryrpc.benchmark.workload.Operation;
import io.ferryrpc.benchmark.workload.PayloadService;
import io.ferryrpc.benchmark.workload.User;
import io.ferryrpc.benchmark.workload.UserService;
import io.ferryrpc.benchmark.workload.UserServiceImpl;
import io.ferryrpc.benchmark.workload.Workload;
import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.descriptor.ServiceDescriptor;
import io.ferryrpc.core.internal.protocol.Bodies;
import io.ferryrpc.core.internal.spi.Serializers;
import io.ferryrpc.core.spi.SerializationConfig;
import io.ferryrpc.core.spi.Serializer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The bodies of Ferry's request and response frames for each operation, encoded by Ferry's own code: the request
 * prefix of {@link Bodies} (call ID, timeout, no attachments) followed by the arguments in the method's Protostuff
 * tuple codec, and the response's processing time followed by the result in the method's result codec. A body is
 * everything after Ferry's 18-byte frame header.
 *
 * <p>Built from the same {@link ServiceDescriptor}s a Ferry client and server build, so call IDs and codecs are
 * exactly theirs. Thread-safe once built.
 */
public final class FerryWireBodies {

    private final Map<Operation, MethodDescriptor> methods = new EnumMap<>(Operation.class);
    private final UserServiceImpl service = new UserServiceImpl();
    private final byte serializerId;

    /** Builds the descriptors of both workload services with Ferry's default (Protostuff) serializer. */
    public FerryWireBodies() {
        ClassLoader loader = FerryWireBodies.class.getClassLoader();
        Serializer serializer = Serializers.create(Serializers.DEFAULT, SerializationConfig.of(loader, List.of()));
        this.serializerId = serializer.id();
        ServiceDescriptor users = ServiceDescriptor.of(UserService.class, serializer);
        ServiceDescriptor payloads = ServiceDescriptor.of(PayloadService.class, serializer);
        for (Operation op : Operation.values()) {
            ServiceDescriptor owner = op == Operation.ECHO ? payloads : users;
            methods.put(op, owner.methods().stream()
                    .filter(m -> m.method().getName().equals(op.methodName()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no method " + op.methodName())));
        }
    }

    /** Returns the id of the serializer, which Ferry's frame header carries. */
    public byte serializerId() {
        return serializerId;
    }

    /** Returns Ferry's descriptor of the method {@code op} calls. */
    public MethodDescriptor method(Operation op) {
        return methods.get(op);
    }

    /** Returns the call ID Ferry puts first in a request body of {@code op}. */
    public int callId(Operation op) {
        return methods.get(op).callId();
    }

    /**
     * Returns the arguments {@link Workload#call} passes for {@code op} at {@code sequence}, with an echo payload of
     * {@code payloadSize} bytes.
     */
    public static Object[] arguments(Operation op, long sequence, int payloadSize) {
        return switch (op) {
            case EXIST_USER -> new Object[] {String.valueOf(sequence)};
            case CREATE_USER -> new Object[] {Workload.createdUser()};
            case GET_USER -> new Object[] {sequence};
            case LIST_USER -> new Object[] {(int) sequence};
            case ECHO -> new Object[] {Workload.payload(payloadSize)};
        };
    }

    /** Returns what the workload's provider answers to {@code op} with {@code arguments}. */
    public Object result(Operation op, Object[] arguments) {
        return switch (op) {
            case EXIST_USER -> service.existUser((String) arguments[0]);
            case CREATE_USER -> service.createUser((User) arguments[0]);
            case GET_USER -> service.getUser((Long) arguments[0]);
            case LIST_USER -> service.listUser((Integer) arguments[0]);
            case ECHO -> service.echo((byte[]) arguments[0]);
        };
    }

    /** Writes the body of a request for {@code op} with {@code arguments}, as a Ferry client sends it. */
    public void writeRequest(ByteBuf out, Operation op, Object[] arguments, int timeoutMillis) {
        MethodDescriptor method = methods.get(op);
        Bodies.writeRequestPrefix(out, method.callId(), timeoutMillis, Map.of());
        method.argumentCodec().encode(arguments, out);
    }

    /** Writes the body of a successful response carrying {@code result}, as a Ferry server sends it. */
    public void writeResponse(ByteBuf out, Operation op, Object result) {
        out.writeLong(0); // the processing time, which no caller here reads
        methods.get(op).resultCodec().encode(new Object[] {result}, out);
    }

    /** Returns the body of a request for {@code op} with {@code arguments}, as bytes. */
    public byte[] requestBody(Operation op, Object[] arguments, int timeoutMillis) {
        ByteBuf out = Unpooled.buffer();
        writeRequest(out, op, arguments, timeoutMillis);
        return ByteBufUtil.getBytes(out);
    }

    /** Returns the body of the response to {@code op} with {@code arguments}, as bytes. */
    public byte[] responseBody(Operation op, Object[] arguments) {
        ByteBuf out = Unpooled.buffer();
        writeResponse(out, op, result(op, arguments));
        return ByteBufUtil.getBytes(out);
    }

    /** Decodes the result of a response body written by {@link #writeResponse}, consuming it. */
    public Object readResponse(Operation op, ByteBuf body) {
        body.skipBytes(8);
        return methods.get(op).resultCodec().decode(body)[0];
    }

    /** Decodes the arguments of a request body written by {@link #writeRequest}, consuming it. */
    public Object[] readRequest(Operation op, ByteBuf body) {
        body.skipBytes(Bodies.REQUEST_PREFIX);
        return methods.get(op).argumentCodec().decode(body);
    }
}
