package io.ferryrpc.core.internal.serialize;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/** Canonical forms of declared types: type variables substituted or erased, wildcards replaced by their bound. */
final class Types {

    private Types() {
    }

    /** Returns the canonical form of {@code type} with the given type-variable bindings (may be empty). */
    static Type canonical(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof Class<?>) {
            return type;
        }
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            Type[] out = new Type[args.length];
            for (int i = 0; i < args.length; i++) {
                out[i] = canonical(args[i], bindings);
            }
            return new ParameterizedTypeImpl(raw, out);
        }
        if (type instanceof GenericArrayType g) {
            Type component = canonical(g.getGenericComponentType(), bindings);
            if (component instanceof Class<?> c) {
                return Array.newInstance(c, 0).getClass();
            }
            return new GenericArrayTypeImpl(component);
        }
        if (type instanceof WildcardType w) {
            if (w.getLowerBounds().length > 0) {
                return Object.class;
            }
            Type[] upper = w.getUpperBounds();
            return upper.length == 0 ? Object.class : canonical(upper[0], bindings);
        }
        if (type instanceof TypeVariable<?> v) {
            Type bound = bindings.get(v);
            if (bound != null) {
                return bound;
            }
            Type[] bounds = v.getBounds();
            return bounds.length == 0 ? Object.class : raw(bounds[0]);
        }
        throw new IllegalArgumentException("unsupported kind of type " + type.getTypeName());
    }

    /** Returns the erasure of {@code type}. */
    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType g) {
            return Array.newInstance(raw(g.getGenericComponentType()), 0).getClass();
        }
        if (type instanceof WildcardType w) {
            return w.getLowerBounds().length > 0 || w.getUpperBounds().length == 0 ? Object.class
                    : raw(w.getUpperBounds()[0]);
        }
        if (type instanceof TypeVariable<?> v) {
            return v.getBounds().length == 0 ? Object.class : raw(v.getBounds()[0]);
        }
        return Object.class;
    }

    /** Returns the canonical type argument {@code index} of {@code type}, or {@code Object} for a raw type. */
    static Type argument(Type type, int index) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    /** A parameterized type equal to the JDK's for the same raw type and arguments (the owner is ignored). */
    static final class ParameterizedTypeImpl implements ParameterizedType {
        private final Class<?> raw;
        private final Type[] args;

        ParameterizedTypeImpl(Class<?> raw, Type[] args) {
            this.raw = raw;
            this.args = args;
        }

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
            return null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ParameterizedType p && raw.equals(p.getRawType()) && p.getOwnerType() == null
                    && Arrays.equals(args, p.getActualTypeArguments());
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(args) ^ raw.hashCode();
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

    /** A generic array type whose component is not a class. */
    static final class GenericArrayTypeImpl implements GenericArrayType {
        private final Type component;

        GenericArrayTypeImpl(Type component) {
            this.component = component;
        }

        @Override
        public Type getGenericComponentType() {
            return component;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof GenericArrayType g && Objects.equals(component, g.getGenericComponentType());
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(component);
        }

        @Override
        public String toString() {
            return component.getTypeName() + "[]";
        }
    }
}
