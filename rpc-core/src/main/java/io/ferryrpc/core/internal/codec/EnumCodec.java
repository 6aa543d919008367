package io.ferryrpc.core.internal.codec;

import io.ferryrpc.api.RpcException;
import io.protostuff.Input;
import io.protostuff.Output;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** An enum constant written by name, so reordering constants does not change meanings. */
final class EnumCodec extends ValueCodec {

    private final Class<?> type;
    private final Map<String, Object> byName = new HashMap<>();

    EnumCodec(Class<?> type) {
        this.type = type;
        for (Object constant : type.getEnumConstants()) {
            byName.put(((Enum<?>) constant).name(), constant);
        }
    }

    @Override
    void write(Output out, int field, Object value) throws IOException {
        out.writeString(field, ((Enum<?>) value).name(), false);
    }

    @Override
    Object read(Input in, int depth) throws IOException {
        Object constant = byName.get(in.readString());
        if (constant == null) {
            throw new RpcException(RpcException.Code.SERIALIZATION, "unknown constant of enum " + type.getName());
        }
        return constant;
    }
}
