package io.ferryrpc.core.internal.codec;

import io.ferryrpc.api.RpcException;
import io.protostuff.Input;
import io.protostuff.Output;

/** The "value" of {@code void} and {@code Void}: never written, read as {@code null}. */
final class NothingCodec extends ValueCodec {

    static final NothingCodec INSTANCE = new NothingCodec();

    private NothingCodec() {}

    @Override
    void write(Output out, int field, Object value) {
        // A void result has no value to write.
    }

    @Override
    Object read(Input in, int depth) {
        throw new RpcException(RpcException.Code.SERIALIZATION, "a value arrived where the declared type is void");
    }
}
