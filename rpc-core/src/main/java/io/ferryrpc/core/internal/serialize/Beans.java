package io.ferryrpc.core.internal.serialize;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Codecs of records and plain Java objects: messages of their components or fields, numbered from 1. */
final class Beans {

    private Beans() {
    }

    /** {@code sun.misc.Unsafe.allocateInstance}, found reflectively (module jdk.unsupported). */
    private static final MethodHandle ALLOCATE_INSTANCE = findAllocateInstance();

    private static MethodHandle findAllocateInstance() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            Object unsafe = theUnsafe.get(null);
            return MethodHandles.lookup()
                    .findVirtual(unsafeClass, "allocateInstance", MethodType.methodType(Object.class, Class.class))
                    .bindTo(unsafe);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Returns a new instance of {@code type} made the way the serializer makes one: by its no-arg constructor if it
     * has one, else without running a constructor.
     */
    static Object instantiate(Class<?> type) throws ReflectiveOperationException {
        Constructor<?> constructor;
        try {
            constructor = type.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            if (ALLOCATE_INSTANCE == null) {
                throw e;
            }
            try {
                return ALLOCATE_INSTANCE.invoke(type);
            } catch (Throwable t) {
                throw new InstantiationException(type.getName() + ": " + t);
            }
        }
        constructor.setAccessible(true);
        return constructor.newInstance();
    }

    /** A record: component {@code i} (declaration order) is field {@code i + 1}; rebuilt by the canonical constructor. */
    static final class RecordCodec extends Codec.MessageCodec {
        private final Class<?> type;
        private final MethodHandle[] accessors;
        private final Constructor<?> constructor;
        Codec[] components;

        RecordCodec(Class<?> type, Method[] accessorMethods, Constructor<?> constructor) {
            super(true);
            this.type = type;
            this.accessors = new MethodHandle[accessorMethods.length];
            try {
                for (int i = 0; i < accessorMethods.length; i++) {
                    accessorMethods[i].setAccessible(true);
                    accessors[i] = MethodHandles.lookup().unreflect(accessorMethods[i])
                            .asType(MethodType.methodType(Object.class, Object.class));
                }
                constructor.setAccessible(true);
            } catch (IllegalAccessException | RuntimeException e) {
                throw new IllegalArgumentException("cannot access the components of record " + type.getName(), e);
            }
            this.constructor = constructor;
        }

        @Override
        Class<?> javaClass() {
            return type;
        }

        @Override
        java.util.List<Codec> children() {
            return java.util.List.of(components);
        }

        @Override
        void writeFields(Enc enc, Object value) throws IOException {
            for (int i = 0; i < accessors.length; i++) {
                Object component;
                try {
                    component = (Object) accessors[i].invokeExact(value);
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw Errors.serialization("An accessor of record " + type.getName() + " failed", e);
                }
                if (component != null) {
                    components[i].write(enc, i + 1, component);
                }
            }
        }

        @Override
        Object readFields(Dec dec) throws IOException {
            Codec[] components = this.components;
            Object[] args = new Object[components.length];
            int field;
            while ((field = dec.nextField()) != 0) {
                if (field > components.length) {
                    dec.skipField();
                    continue;
                }
                Codec codec = components[field - 1];
                dec.expect(codec, field, type.getName());
                args[field - 1] = codec.read(dec);
            }
            for (int i = 0; i < args.length; i++) {
                if (args[i] == null) {
                    args[i] = components[i].absentValue();
                }
            }
            try {
                return constructor.newInstance(args);
            } catch (InvocationTargetException e) {
                throw Errors.serialization("The constructor of record " + type.getName() + " failed", e.getCause());
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw Errors.serialization("Cannot construct record " + type.getName(), e);
            }
        }

        @Override
        String typeName() {
            return type.getName();
        }
    }

    /** How a POJO field is read and written. */
    enum Kind {
        BOOLEAN, BYTE, SHORT, CHAR, INT, LONG, FLOAT, DOUBLE, REFERENCE
    }

    /** One field of a POJO. */
    static final class Slot {
        final Field field;
        final Kind kind;
        final int number;
        final Codec codec;
        final int wireType;

        Slot(Field field, int number, Codec codec) {
            this.field = field;
            this.number = number;
            this.codec = codec;
            Class<?> t = field.getType();
            this.kind = t == boolean.class ? Kind.BOOLEAN : t == byte.class ? Kind.BYTE : t == short.class ? Kind.SHORT
                    : t == char.class ? Kind.CHAR : t == int.class ? Kind.INT : t == long.class ? Kind.LONG
                    : t == float.class ? Kind.FLOAT : t == double.class ? Kind.DOUBLE : Kind.REFERENCE;
            this.wireType = codec.wireType;
        }
    }

    /**
     * Any other class: its non-static, non-transient fields, superclass fields first, in declaration order, are
     * fields 1..n. Created by the no-arg constructor when there is one (then absent reference fields are set to
     * null), else without running a constructor.
     */
    static final class PojoCodec extends Codec.MessageCodec {
        private final Class<?> type;
        private final Constructor<?> constructor;
        Slot[] slots;

        PojoCodec(Class<?> type) {
            super(true);
            this.type = type;
            Constructor<?> c;
            try {
                c = type.getDeclaredConstructor();
                c.setAccessible(true);
            } catch (NoSuchMethodException e) {
                c = null;
                if (ALLOCATE_INSTANCE == null) {
                    throw new IllegalArgumentException(type.getName()
                            + " has no no-arg constructor and sun.misc.Unsafe is not available");
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cannot access the constructor of " + type.getName(), e);
            }
            this.constructor = c;
        }

        @Override
        Class<?> javaClass() {
            return type;
        }

        @Override
        java.util.List<Codec> children() {
            java.util.List<Codec> children = new java.util.ArrayList<>();
            for (Slot slot : slots) {
                children.add(slot.codec);
            }
            return children;
        }

        @Override
        void writeFields(Enc enc, Object value) throws IOException {
            var out = enc.out;
            try {
                for (Slot slot : slots) {
                    Field f = slot.field;
                    int n = slot.number;
                    switch (slot.kind) {
                        case BOOLEAN -> out.writeBool(n, f.getBoolean(value), false);
                        case BYTE -> out.writeSInt32(n, f.getByte(value), false);
                        case SHORT -> out.writeSInt32(n, f.getShort(value), false);
                        case CHAR -> out.writeUInt32(n, f.getChar(value), false);
                        case INT -> out.writeSInt32(n, f.getInt(value), false);
                        case LONG -> out.writeSInt64(n, f.getLong(value), false);
                        case FLOAT -> out.writeFloat(n, f.getFloat(value), false);
                        case DOUBLE -> out.writeDouble(n, f.getDouble(value), false);
                        default -> {
                            Object v = f.get(value);
                            if (v != null) {
                                slot.codec.write(enc, n, v);
                            }
                        }
                    }
                }
            } catch (IllegalAccessException e) {
                throw Errors.serialization("Cannot read the fields of " + type.getName(), e);
            }
        }

        @Override
        Object readFields(Dec dec) throws IOException {
            Object target = newInstance();
            Slot[] slots = this.slots;
            var in = dec.in;
            try {
                if (constructor != null) {
                    for (Slot slot : slots) {
                        if (slot.kind == Kind.REFERENCE) {
                            slot.field.set(target, null);
                        }
                    }
                }
                int number;
                while ((number = dec.nextField()) != 0) {
                    if (number > slots.length) {
                        dec.skipField();
                        continue;
                    }
                    Slot slot = slots[number - 1];
                    if (dec.wireType() != slot.wireType) {
                        dec.expect(slot.codec, number, type.getName());
                    }
                    Field f = slot.field;
                    switch (slot.kind) {
                        case BOOLEAN -> f.setBoolean(target, in.readBool());
                        case BYTE -> f.setByte(target, (byte) in.readSInt32());
                        case SHORT -> f.setShort(target, (short) in.readSInt32());
                        case CHAR -> f.setChar(target, (char) in.readUInt32());
                        case INT -> f.setInt(target, in.readSInt32());
                        case LONG -> f.setLong(target, in.readSInt64());
                        case FLOAT -> f.setFloat(target, in.readFloat());
                        case DOUBLE -> f.setDouble(target, in.readDouble());
                        default -> f.set(target, slot.codec.read(dec));
                    }
                }
            } catch (IllegalAccessException e) {
                throw Errors.serialization("Cannot set the fields of " + type.getName(), e);
            }
            return target;
        }

        private Object newInstance() {
            try {
                if (constructor != null) {
                    return constructor.newInstance();
                }
                return (Object) ALLOCATE_INSTANCE.invokeExact(type);
            } catch (InvocationTargetException e) {
                throw Errors.serialization("The constructor of " + type.getName() + " failed", e.getCause());
            } catch (Throwable e) {
                throw Errors.serialization("Cannot create an instance of " + type.getName(), e);
            }
        }

        @Override
        String typeName() {
            return type.getName();
        }
    }
}
