package io.ferryrpc.benchmark.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.ferryrpc.benchmark.workload.Operation;
import io.ferryrpc.benchmark.workload.Page;
import io.ferryrpc.benchmark.workload.User;
import io.ferryrpc.benchmark.workload.UserServiceImpl;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The JSON side of the HTTP baseline: each operation is {@code POST /Service/method} with a JSON array of the
 * arguments, answered by the result as JSON. Dates are ISO-8601 strings, a byte array is Base64, as a JSON API
 * would have them. Readers and writers are built once per operation; thread-safe.
 */
final class JsonCalls {

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final Map<String, Operation> byPath = new HashMap<>();
    private final Map<Operation, String> paths = new EnumMap<>(Operation.class);
    private final Map<Operation, ObjectReader> argumentReaders = new EnumMap<>(Operation.class);
    private final Map<Operation, ObjectReader> resultReaders = new EnumMap<>(Operation.class);
    private final ObjectWriter writer = mapper.writer();

    JsonCalls() {
        TypeFactory types = mapper.getTypeFactory();
        for (Operation op : Operation.values()) {
            String path = "/" + (op == Operation.ECHO ? "PayloadService" : "UserService") + "/" + op.methodName();
            paths.put(op, path);
            byPath.put(path, op);
            JavaType argument = switch (op) {
                case EXIST_USER -> types.constructType(String.class);
                case CREATE_USER -> types.constructType(User.class);
                case GET_USER -> types.constructType(Long.class);
                case LIST_USER -> types.constructType(Integer.class);
                case ECHO -> types.constructType(byte[].class);
            };
            JavaType result = switch (op) {
                case EXIST_USER, CREATE_USER -> types.constructType(Boolean.class);
                case GET_USER -> types.constructType(User.class);
                case LIST_USER -> types.constructParametricType(Page.class, User.class);
                case ECHO -> types.constructType(byte[].class);
            };
            argumentReaders.put(op, mapper.readerFor(argument));
            resultReaders.put(op, mapper.readerFor(result));
        }
    }

    /** Returns the request path of {@code op}. */
    String path(Operation op) {
        return paths.get(op);
    }

    /** Returns the operation of a request path, or {@code null}. */
    Operation operation(String path) {
        return byPath.get(path);
    }

    /** Writes the JSON array of one argument. */
    void writeArguments(Object argument, ByteBuf out) throws IOException {
        // Typed as a stream: the class is a DataOutput too, which Jackson would also accept.
        try (OutputStream stream = new ByteBufOutputStream(out)) {
            writer.writeValue(stream, new Object[] {argument});
        }
    }

    /** Reads the JSON array of the one argument of {@code op}. */
    Object readArgument(Operation op, ByteBuf in) throws IOException {
        InputStream stream = new ByteBufInputStream(in);
        try (JsonParser parser = mapper.createParser(stream)) {
            if (parser.nextToken() != JsonToken.START_ARRAY || parser.nextToken() == JsonToken.END_ARRAY) {
                throw new IOException("expected a JSON array of one argument for " + op.methodName());
            }
            Object argument = argumentReaders.get(op).readValue(parser);
            if (parser.nextToken() != JsonToken.END_ARRAY) {
                throw new IOException("expected a JSON array of one argument for " + op.methodName());
            }
            return argument;
        }
    }

    /** Calls {@code op} on the workload's provider. */
    static Object invoke(UserServiceImpl service, Operation op, Object argument) {
        return switch (op) {
            case EXIST_USER -> service.existUser((String) argument);
            case CREATE_USER -> service.createUser((User) argument);
            case GET_USER -> service.getUser((Long) argument);
            case LIST_USER -> service.listUser((Integer) argument);
            case ECHO -> service.echo((byte[]) argument);
        };
    }

    /** Writes a result as JSON. */
    void writeResult(Object result, ByteBuf out) throws IOException {
        try (OutputStream stream = new ByteBufOutputStream(out)) {
            writer.writeValue(stream, result);
        }
    }

    /** Reads the result of {@code op}, building the workload's objects. */
    Object readResult(Operation op, ByteBuf in) throws IOException {
        try (InputStream stream = new ByteBufInputStream(in)) {
            return resultReaders.get(op).readValue(stream);
        }
    }
}
