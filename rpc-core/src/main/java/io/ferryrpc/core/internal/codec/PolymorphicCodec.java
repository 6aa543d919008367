package io.ferryrpc.core.internal.codec;

import io.ferryrpc.api.RpcException;
import io.protostuff.Input;
import io.protostuff.Output;
import java.io.IOException;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentMap;

/**
 * A value whose declared type is {@code Object}, an interface or an abstract class: a message of the concrete class
 * name (field 1) and the value by that class's codec (field 2). The name is checked against the allowed types
 * before any class is looked up, and allowed classes are loaded without initialization.
 */
final class PolymorphicCodec extends MessageCodec {

    private final Class<?> declared;

    PolymorphicCodec(CodecContext context, Class<?> declared) {
        super(context, declared.getName() + "(polymorphic)");
        this.declared = declared;
    }

    @Override
    void writeFields(Output out, Object value) throws IOException {
        Class<?> concrete = wireClass(value);
        out.writeString(1, concrete.getName(), false);
        context.codecFor(concrete, declared.getName()).write(out, 2, value);
    }

    /** Returns the class a value travels as: collections and maps as the class Ferry rebuilds them with. */
    private static Class<?> wireClass(Object value) {
        Class<?> c = value.getClass();
        if (value instanceof Enum<?> e) {
            return e.getDeclaringClass();
        }
        if (c.getName().startsWith("java.") && !CodecContext.isBuiltIn(c)) {
            if (value instanceof LinkedList) {
                return LinkedList.class;
            }
            if (value instanceof List) {
                return java.util.ArrayList.class;
            }
            if (value instanceof SortedSet) {
                return java.util.TreeSet.class;
            }
            if (value instanceof Set) {
                return java.util.LinkedHashSet.class;
            }
            if (value instanceof Deque || value instanceof Queue) {
                return java.util.ArrayDeque.class;
            }
            if (value instanceof Collection) {
                return java.util.ArrayList.class;
            }
            if (value instanceof SortedMap) {
                return java.util.TreeMap.class;
            }
            if (value instanceof ConcurrentMap) {
                return java.util.concurrent.ConcurrentHashMap.class;
            }
            if (value instanceof Map) {
                return java.util.LinkedHashMap.class;
            }
        }
        return c;
    }

    @Override
    void readFields(Input in, Holder h) throws IOException {
        Class<?> concrete = null;
        for (int n = in.readFieldNumber(this); n != 0; n = in.readFieldNumber(this)) {
            if (n == 1) {
                concrete = context.allowedClass(in.readString(), declared);
            } else if (n == 2) {
                if (concrete == null) {
                    throw new RpcException(RpcException.Code.SERIALIZATION,
                            "value of " + declared.getName() + " arrived before its type");
                }
                h.value = context.codecFor(concrete, declared.getName()).read(in, h.depth);
            } else {
                in.handleUnknownField(n, this);
            }
        }
    }

    @Override
    Object build(Holder h) {
        return h.value;
    }
}
