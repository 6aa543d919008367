package io.ferryrpc.core.internal.serialize;

import static io.ferryrpc.core.internal.serialize.SerTestSupport.decode;
import static io.ferryrpc.core.internal.serialize.SerTestSupport.encode;
import static io.ferryrpc.core.internal.serialize.SerTestSupport.roundTrip;
import static io.ferryrpc.core.internal.serialize.SerTestSupport.serializer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.spi.Serializer;
import io.ferryrpc.core.spi.TupleCodec;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PolymorphismSecurityTest {

    /** Set by the static initializers of the gadget classes; it lives here so reading it initializes nothing. */
    static final AtomicBoolean GADGET_INITIALIZED = new AtomicBoolean();
    static final AtomicBoolean ALLOWED_GADGET_INITIALIZED = new AtomicBoolean();

    /** A class whose static initializer must never run when its name arrives without being allowed. */
    static final class Gadget implements Serializable, Shape {
        static {
            GADGET_INITIALIZED.set(true);
        }

        int x;
    }

    /** Same, but allow-listed in one test. */
    static final class AllowedGadget implements Shape {
        static {
            ALLOWED_GADGET_INITIALIZED.set(true);
        }

        int x;
    }

    /** Empty message. */
    record Empty() {
    }

    /** Has exactly the wire layout of a polymorphic value: {1: class name, 2: value}. */
    record FakePoly(String name, Empty value) {
    }

    interface Shape {
    }

    record Circle(double radius) implements Shape {
    }

    record Square(double side) implements Shape {
    }

    abstract static class Animal {
        String name;
    }

    static final class Dog extends Animal {
        int barks;
    }

    /** Declares Circle, so Circle is a known type; Square is not. */
    record Drawing(Shape main, Circle declaredCircle) {
    }

    private static byte[] polyBytes(String className) {
        return encode(serializer().tupleCodec(FakePoly.class), new FakePoly(className, new Empty()));
    }

    private static void assertSerializationError(Runnable r, String messagePart) {
        assertThatThrownBy(r::run)
                .isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.code()).isEqualTo(RpcException.Code.SERIALIZATION))
                .hasMessageContaining(messagePart);
    }

    @Test
    void disallowedClassNameIsNeitherLoadedNorInitialized() {
        byte[] bytes = polyBytes(Gadget.class.getName());
        for (Class<?> declared : List.of(Object.class, Serializable.class, Shape.class)) {
            TupleCodec codec = serializer().tupleCodec(declared);
            assertSerializationError(() -> decode(codec, bytes), "type not allowed: " + Gadget.class.getName());
        }
        assertThat(GADGET_INITIALIZED).isFalse();
    }

    @Test
    void allowListedClassIsLoadedAndDecoded() {
        Serializer s = serializer(List.of(AllowedGadget.class.getName()));
        AllowedGadget gadget = new AllowedGadget();
        gadget.x = 5;
        Object decoded = roundTrip(s, Shape.class, gadget);
        assertThat(decoded).isInstanceOf(AllowedGadget.class);
        assertThat(((AllowedGadget) decoded).x).isEqualTo(5);
        assertThat(ALLOWED_GADGET_INITIALIZED).isTrue();
    }

    @Test
    void knownTypesFromDeclaredSignaturesAreAllowed() {
        Serializer s = serializer();
        s.tupleCodec(Drawing.class);
        assertThat(roundTrip(s, Shape.class, new Circle(2))).isEqualTo(new Circle(2));
        assertThat(roundTrip(s, Drawing.class, new Drawing(new Circle(1), new Circle(3))))
                .isEqualTo(new Drawing(new Circle(1), new Circle(3)));
        // Square is neither declared, built in nor allow-listed: encoding works, decoding refuses it.
        assertSerializationError(() -> roundTrip(s, Drawing.class, new Drawing(new Square(1), null)),
                "type not allowed: " + Square.class.getName());
        // Encoding a Square did not make it known.
        assertThat(((ProtostuffSerializer) s).knownTypes()).doesNotContain(Square.class.getName());
    }

    @Test
    void packagePrefixAllowsAbstractClassValues() {
        Serializer s = serializer(List.of(Dog.class.getPackageName() + "."));
        Dog dog = new Dog();
        dog.name = "rex";
        dog.barks = 3;
        Dog decoded = (Dog) roundTrip(s, Animal.class, dog);
        assertThat(decoded.name).isEqualTo("rex");
        assertThat(decoded.barks).isEqualTo(3);
    }

    @Test
    void allowedButNotAssignableIsRejected() {
        Serializer s = serializer(List.of(Circle.class.getPackageName() + "."));
        byte[] bytes = encode(s.tupleCodec(Object.class), "a string");
        assertSerializationError(() -> decode(s.tupleCodec(Shape.class), bytes), "is not a " + Shape.class.getName());
    }

    @Test
    void unknownAndNonConcreteNamesAreRejected() {
        Serializer s = serializer(List.of("com.example.", Shape.class.getName()));
        assertSerializationError(() -> decode(s.tupleCodec(Object.class), polyBytes("com.example.Missing")),
                "type not found");
        assertSerializationError(() -> decode(s.tupleCodec(Object.class), polyBytes(Shape.class.getName())),
                "not concrete");
        assertSerializationError(() -> decode(s.tupleCodec(Object.class), polyBytes("java.lang.Runtime")),
                "type not allowed: java.lang.Runtime");
        assertSerializationError(() -> decode(s.tupleCodec(Object.class), polyBytes("java.lang.Object")),
                "type not allowed");
    }

    @Test
    void unknownEnumConstantNamesTheEnum() {
        Serializer s = serializer();
        byte[] bytes = encode(s.tupleCodec(String.class), "NOT_A_DAY");
        assertSerializationError(() -> decode(s.tupleCodec(java.time.DayOfWeek.class), bytes),
                "java.time.DayOfWeek");
        assertThatThrownBy(() -> decode(s.tupleCodec(java.time.DayOfWeek.class), bytes))
                .message().doesNotContain("NOT_A_DAY");
    }
}
