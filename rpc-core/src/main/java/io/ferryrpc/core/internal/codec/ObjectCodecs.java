package io.ferryrpc.core.internal.codec;

import io.ferryrpc.api.RpcException;
import io.protostuff.Input;
import io.protostuff.Output;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * POJOs and records as messages whose fields are numbered in declaration order (superclass fields first). Field
 * codecs are resolved on first use, so recursive types work.
 */
final class ObjectCodecs {

    private ObjectCodecs() {}

    /** A record, rebuilt through its canonical constructor. */
    static final class RecordCodec extends MessageCodec {
        private final Class<?> type;
        private final Type[] componentTypes;
        private final String[] componentNames;
        private final MethodHandle[] accessors;
        private final MethodHandle constructor;
        private volatile ValueCodec[] codecs;

        RecordCodec(CodecContext context, Class<?> type, Map<java.lang.reflect.TypeVariable<?>, Type> bindings) {
            super(context, type.getName());
            this.type = type;
            RecordComponent[] components = type.getRecordComponents();
            this.componentTypes = new Type[components.length];
            this.componentNames = new String[components.length];
            this.accessors = new MethodHandle[components.length];
            Class<?>[] raw = new Class<?>[components.length];
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                for (int i = 0; i < components.length; i++) {
                    componentTypes[i] = Types.resolve(components[i].getGenericType(), bindings);
                    componentNames[i] = components[i].getName();
                    raw[i] = components[i].getType();
                    components[i].getAccessor().setAccessible(true);
                    accessors[i] = lookup.unreflect(components[i].getAccessor())
                            .asType(MethodType.methodType(Object.class, Object.class));
                }
                Constructor<?> canonical = type.getDeclaredConstructor(raw);
                canonical.setAccessible(true);
                this.constructor = lookup.unreflectConstructor(canonical)
                        .asSpreader(Object[].class, raw.length)
                        .asType(MethodType.methodType(Object.class, Object[].class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalArgumentException("cannot serialize record " + type.getName() + ": " + e, e);
            }
        }

        void resolve() {
            codecs();
        }

        private ValueCodec[] codecs() {
            ValueCodec[] c = codecs;
            if (c == null) {
                synchronized (context) {
                    c = new ValueCodec[componentTypes.length];
                    for (int i = 0; i < c.length; i++) {
                        c[i] = context.codecFor(componentTypes[i], type.getName() + "." + componentNames[i]);
                    }
                    codecs = c;
                }
            }
            return c;
        }

        @Override
        void writeFields(Output out, Object value) throws IOException {
            ValueCodec[] c = codecs();
            for (int i = 0; i < c.length; i++) {
                Object v;
                try {
                    v = accessors[i].invokeExact(value);
                } catch (Throwable t) {
                    throw new RpcException(RpcException.Code.SERIALIZATION,
                            "accessor of " + type.getName() + " threw " + t.getClass().getName(), t);
                }
                if (v != null) {
                    c[i].write(out, i + 1, v);
                }
            }
        }

        @Override
        void readFields(Input in, Holder h) throws IOException {
            ValueCodec[] c = codecs();
            Object[] parts = new Object[c.length];
            for (int n = in.readFieldNumber(this); n != 0; n = in.readFieldNumber(this)) {
                if (n <= c.length) {
                    parts[n - 1] = c[n - 1].read(in, h.depth);
                } else {
                    in.handleUnknownField(n, this);
                }
            }
            for (int i = 0; i < c.length; i++) {
                if (parts[i] == null) {
                    parts[i] = c[i].absent();
                }
            }
            h.parts = parts;
        }

        @Override
        Object build(Holder h) {
            try {
                return (Object) constructor.invokeExact(h.parts);
            } catch (Throwable t) {
                throw new RpcException(RpcException.Code.SERIALIZATION,
                        "constructor of record " + type.getName() + " refused the decoded values: "
                                + t.getClass().getName(), t);
            }
        }
    }

    /** A plain class: every non-static, non-transient field, set reflectively on a new instance. */
    static final class PojoCodec extends MessageCodec {
        private final Class<?> type;
        private final Field[] fields;
        private final Type[] fieldTypes;
        private final Constructor<?> noArg;
        private volatile ValueCodec[] codecs;

        PojoCodec(CodecContext context, Class<?> type, Map<java.lang.reflect.TypeVariable<?>, Type> bindings) {
            super(context, type.getName());
            this.type = type;
            if (Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
                throw new IllegalArgumentException(type.getName() + " is abstract");
            }
            List<Field> list = new ArrayList<>();
            List<Class<?>> chain = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                chain.add(0, c);
            }
            for (Class<?> c : chain) {
                for (Field f : c.getDeclaredFields()) {
                    int mod = f.getModifiers();
                    if (Modifier.isStatic(mod) || Modifier.isTransient(mod) || f.isSynthetic()) {
                        continue;
                    }
                    f.setAccessible(true);
                    list.add(f);
                }
            }
            this.fields = list.toArray(new Field[0]);
            this.fieldTypes = new Type[fields.length];
            for (int i = 0; i < fields.length; i++) {
                fieldTypes[i] = Types.resolve(fields[i].getGenericType(), bindings);
            }
            Constructor<?> ctor;
            try {
                ctor = type.getDeclaredConstructor();
                ctor.setAccessible(true);
            } catch (NoSuchMethodException | RuntimeException e) {
                ctor = null;
            }
            this.noArg = ctor;
        }

        private ValueCodec[] codecs() {
            ValueCodec[] c = codecs;
            if (c == null) {
                synchronized (context) {
                    c = new ValueCodec[fields.length];
                    for (int i = 0; i < c.length; i++) {
                        c[i] = context.codecFor(fieldTypes[i], type.getName() + "." + fields[i].getName());
                    }
                    codecs = c;
                }
            }
            return c;
        }

        void resolve() {
            codecs();
        }

        @Override
        void writeFields(Output out, Object value) throws IOException {
            ValueCodec[] c = codecs();
            try {
                for (int i = 0; i < c.length; i++) {
                    Object v = fields[i].get(value);
                    if (v != null) {
                        c[i].write(out, i + 1, v);
                    }
                }
            } catch (IllegalAccessException e) {
                throw new RpcException(RpcException.Code.SERIALIZATION, "cannot read a field of " + type.getName(), e);
            }
        }

        @Override
        void readFields(Input in, Holder h) throws IOException {
            ValueCodec[] c = codecs();
            Object instance = newInstance();
            try {
                for (int n = in.readFieldNumber(this); n != 0; n = in.readFieldNumber(this)) {
                    if (n <= c.length) {
                        fields[n - 1].set(instance, c[n - 1].read(in, h.depth));
                    } else {
                        in.handleUnknownField(n, this);
                    }
                }
            } catch (IllegalAccessException e) {
                throw new RpcException(RpcException.Code.SERIALIZATION, "cannot set a field of " + type.getName(), e);
            }
            h.value = instance;
        }

        private Object newInstance() {
            try {
                return noArg != null ? noArg.newInstance() : UnsafeAllocator.allocate(type);
            } catch (InvocationTargetException e) {
                throw new RpcException(RpcException.Code.SERIALIZATION,
                        "constructor of " + type.getName() + " threw " + e.getCause().getClass().getName(), e);
            } catch (ReflectiveOperationException e) {
                throw new RpcException(RpcException.Code.SERIALIZATION, "cannot instantiate " + type.getName(), e);
            }
        }

        @Override
        Object build(Holder h) {
            return h.value;
        }
    }
}
