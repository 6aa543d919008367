package io.ferryrpc.core.internal.codec;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** Resolves type variables of generic classes against the declared type arguments. */
final class Types {

    private Types() {}

    /** Returns the raw class of a type; type variables and wildcards resolve to their first upper bound. */
    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType g) {
            return java.lang.reflect.Array.newInstance(raw(g.getGenericComponentType()), 0).getClass();
        }
        if (type instanceof WildcardType w) {
            return raw(w.getUpperBounds()[0]);
        }
        if (type instanceof TypeVariable<?> v) {
            return raw(v.getBounds()[0]);
        }
        throw new IllegalArgumentException("unsupported type " + type);
    }

    /** Returns the bindings of the type variables of {@code type}'s raw class. */
    static Map<TypeVariable<?>, Type> bindings(Type type) {
        Map<TypeVariable<?>, Type> map = new HashMap<>();
        if (type instanceof ParameterizedType p) {
            TypeVariable<?>[] vars = ((Class<?>) p.getRawType()).getTypeParameters();
            Type[] args = p.getActualTypeArguments();
            for (int i = 0; i < vars.length && i < args.length; i++) {
                map.put(vars[i], args[i]);
            }
        }
        return map;
    }

    /** Substitutes bound type variables in {@code type}. */
    static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (bindings.isEmpty()) {
            return type;
        }
        if (type instanceof TypeVariable<?> v) {
            return bindings.getOrDefault(v, v);
        }
        if (type instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments().clone();
            boolean changed = false;
            for (int i = 0; i < args.length; i++) {
                Type r = resolve(args[i], bindings);
                changed |= r != args[i];
                args[i] = r;
            }
            return changed ? new Parameterized((Class<?>) p.getRawType(), p.getOwnerType(), args) : p;
        }
        if (type instanceof GenericArrayType g) {
            Type component = resolve(g.getGenericComponentType(), bindings);
            if (component instanceof Class<?> c) {
                return java.lang.reflect.Array.newInstance(c, 0).getClass();
            }
            return component == g.getGenericComponentType() ? g : (GenericArrayType) () -> component;
        }
        if (type instanceof WildcardType w) {
            return resolve(w.getUpperBounds()[0], bindings);
        }
        return type;
    }

    /** A parameterized type with equality compatible with the JDK's own implementation. */
    private record Parameterized(Class<?> raw, Type owner, Type[] args) implements ParameterizedType {
        @Override
        public Type[] getActualTypeArguments() {
            return args.clone();
        }

        @Override
        public Type getRawType() {
            return raw;
        }

        @Override
        public Type getOwnerType() {
            return owner;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ParameterizedType p && raw.equals(p.getRawType())
                    && Objects.equals(owner, p.getOwnerType()) && Arrays.equals(args, p.getActualTypeArguments());
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(args) ^ Objects.hashCode(owner) ^ Objects.hashCode(raw);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(raw.getName()).append('<');
            for (int i = 0; i < args.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(args[i].getTypeName());
            }
            return sb.append('>').toString();
        }
    }
}
