package io.ferryrpc.core.internal.serialize;

import static io.ferryrpc.core.internal.serialize.SerTestSupport.serializer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.internal.serialize.SerTestSupport.TypeRef;
import io.ferryrpc.core.spi.SerializationConfig;
import io.ferryrpc.core.spi.SerializerFactory;
import io.ferryrpc.core.spi.TupleCodec;
import java.io.File;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(30)
class DefinitionTest {

    static class Holder {
        String ok;
        StringBuilder builder;
    }

    static class Outer {
        List<Holder> holders;
    }

    static class MyException extends RuntimeException {
        int code;
    }

    static Stream<Type> unsupported() {
        return Stream.of(File.class, Thread.class, StringBuilder.class, AtomicInteger.class, Class.class,
                java.sql.Timestamp.class, new TypeRef<BlockingQueue<String>>() { }.type(),
                new TypeRef<List<File>>() { }.type(), new TypeRef<Map<String, Thread>>() { }.type());
    }

    @ParameterizedTest
    @MethodSource("unsupported")
    void unsupportedTypesFailAtDefinitionTime(Type type) {
        assertThatThrownBy(() -> serializer().tupleCodec(String.class, type))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value #1");
    }

    @Test
    void errorNamesTheTypeAndTheFieldPath() {
        assertThatThrownBy(() -> serializer().tupleCodec(Outer.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.StringBuilder")
                .hasMessageContaining("Outer.holders")
                .hasMessageContaining("Holder.builder");
        assertThatThrownBy(() -> serializer().tupleCodec(MyException.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.RuntimeException");
    }

    @Test
    void failedDefinitionLeavesNothingHalfBuilt() {
        ProtostuffSerializer s = (ProtostuffSerializer) serializer();
        assertThatThrownBy(() -> s.tupleCodec(Outer.class)).isInstanceOf(IllegalArgumentException.class);
        assertThat(s.knownTypes()).doesNotContain(Outer.class.getName(), Holder.class.getName());
        assertThatThrownBy(() -> s.tupleCodec(Holder.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void polymorphicValueOfUnsupportedClassFailsAtEncode() {
        TupleCodec codec = serializer().tupleCodec(Object.class);
        io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer();
        try {
            assertThatThrownBy(() -> codec.encode(new Object[] {new StringBuilder("x")}, buf))
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.code()).isEqualTo(RpcException.Code.SERIALIZATION))
                    .hasMessageContaining("java.lang.StringBuilder");
            assertThat(buf.writerIndex()).isZero();
            assertThatThrownBy(() -> codec.encode(new Object[] {"a", "b"}, buf)).isInstanceOf(RpcException.class);
        } finally {
            buf.release();
        }
    }

    @Test
    void factory() {
        ProtostuffSerializerFactory factory = new ProtostuffSerializerFactory();
        assertThat(factory.id()).isEqualTo((byte) 1);
        assertThat(factory.name()).isEqualTo("protostuff");
        assertThat(factory.create(SerializationConfig.of(getClass().getClassLoader(), List.of())))
                .isInstanceOf(ProtostuffSerializer.class)
                .extracting(s -> s.id()).isEqualTo((byte) 1);
    }

    @Test
    void aProtostuffFactoryWithIdOneIsRegistered() {
        assertThat(ServiceLoader.load(SerializerFactory.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(f -> {
                    assertThat(f.id()).isEqualTo((byte) 1);
                    assertThat(f.name()).isEqualTo("protostuff");
                });
    }
}
