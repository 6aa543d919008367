package io.ferryrpc.core.internal.descriptor;

import io.ferryrpc.core.internal.json.JsonWriter;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Describes a service for tools, as JSON: each method with its call ID, kind, parameters, result and declared
 * exceptions, and the shape of every non-JDK type they reach (record components and object fields in wire order
 * with their types, enum constants), following the serializer's rules in {@code docs/protocol.md}. Published in
 * the registry beside the call-ID table, keyed by a digest of the text, so that providers of one interface
 * version share one description.
 */
public final class ServiceDescriptions {

    /** A description and its digest. */
    public record Description(String json, String digest) {}

    private ServiceDescriptions() {}

    /** Returns the description of {@code service}. */
    public static Description of(ServiceDescriptor service) {
        JsonWriter out = new JsonWriter();
        out.beginObject();
        out.name("service").value(service.key().name());
        out.name("version").value(service.key().version());
        out.name("group").value(service.key().group());
        out.name("interface").value(service.type().getName());
        Deque<Class<?>> pending = new ArrayDeque<>();
        out.name("methods").beginArray();
        for (MethodDescriptor m : service.methods()) {
            out.beginObject();
            out.name("name").value(m.method().getName());
            out.name("signature").value(m.signature());
            out.name("callId").value(CallIds.format(m.callId()));
            out.name("kind").value(m.kind().name());
            out.name("idempotent").value(m.idempotent());
            out.name("timeoutMillis").value(m.timeoutMillis());
            out.name("parameters").beginArray();
            Parameter[] parameters = m.method().getParameters();
            for (Parameter p : parameters) {
                out.beginObject();
                out.name("name").value(p.getName()); // arg0, arg1... unless compiled with -parameters
                out.name("type").value(typeName(p.getParameterizedType()));
                out.endObject();
                collect(p.getParameterizedType(), pending);
            }
            out.endArray();
            out.name("returns").value(typeName(m.resultType()));
            collect(m.resultType(), pending);
            out.name("throws").beginArray();
            for (Class<?> e : m.method().getExceptionTypes()) {
                out.value(e.getName());
            }
            out.endArray();
            out.endObject();
        }
        out.endArray();
        out.name("types").beginObject();
        Map<String, Class<?>> types = new TreeMap<>();
        while (!pending.isEmpty()) {
            Class<?> c = pending.poll();
            if (types.putIfAbsent(c.getName(), c) == null) {
                for (Type reached : reachedFrom(c)) {
                    collect(reached, pending);
                }
            }
        }
        for (Class<?> c : types.values()) {
            out.name(c.getName());
            describe(c, out);
        }
        out.endObject();
        out.endObject();
        String json = out.toString();
        return new Description(json, digest(json));
    }

    private static void describe(Class<?> c, JsonWriter out) {
        out.beginObject();
        if (c.isEnum()) {
            out.name("kind").value("enum");
            out.name("constants").beginArray();
            for (Object constant : c.getEnumConstants()) {
                out.value(((Enum<?>) constant).name());
            }
            out.endArray();
        } else if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
            // Values arrive with their class name, checked against the provider's allow list.
            out.name("kind").value(c.isInterface() ? "interface" : "abstract");
        } else {
            out.name("kind").value(c.isRecord() ? "record" : "object");
            out.name("fields").beginArray();
            int number = 1;
            for (Map.Entry<String, Type> field : fields(c)) {
                out.beginObject();
                out.name("name").value(field.getKey());
                out.name("number").value(number++);
                out.name("type").value(typeName(field.getValue()));
                out.endObject();
            }
            out.endArray();
        }
        out.endObject();
    }

    /** Returns the fields of a record or object in wire order: components, or fields superclass first. */
    public static List<Map.Entry<String, Type>> fields(Class<?> c) {
        List<Map.Entry<String, Type>> fields = new ArrayList<>();
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                fields.add(Map.entry(rc.getName(), rc.getGenericType()));
            }
            return fields;
        }
        for (Field f : wireFields(c)) {
            fields.add(Map.entry(f.getName(), f.getGenericType()));
        }
        return fields;
    }

    /** Returns the fields of an object that travel, in wire order: non-static, non-transient, superclass first. */
    public static List<Field> wireFields(Class<?> c) {
        List<Class<?>> hierarchy = new ArrayList<>();
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            hierarchy.add(0, k);
        }
        List<Field> fields = new ArrayList<>();
        for (Class<?> k : hierarchy) {
            for (Field f : k.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (!Modifier.isStatic(mod) && !Modifier.isTransient(mod) && !f.isSynthetic()) {
                    fields.add(f);
                }
            }
        }
        return fields;
    }

    private static List<Type> reachedFrom(Class<?> c) {
        if (c.isEnum() || c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
            return List.of();
        }
        List<Type> reached = new ArrayList<>();
        for (Map.Entry<String, Type> f : fields(c)) {
            reached.add(f.getValue());
        }
        return reached;
    }

    /** Adds the non-JDK classes {@code type} mentions to {@code pending}. */
    private static void collect(Type type, Deque<Class<?>> pending) {
        if (type instanceof Class<?> c) {
            if (c.isArray()) {
                collect(c.getComponentType(), pending);
            } else if (!c.isPrimitive() && !isJdk(c)) {
                pending.add(c);
            }
        } else if (type instanceof ParameterizedType p) {
            collect(p.getRawType(), pending);
            for (Type arg : p.getActualTypeArguments()) {
                collect(arg, pending);
            }
        } else if (type instanceof GenericArrayType g) {
            collect(g.getGenericComponentType(), pending);
        } else if (type instanceof WildcardType w) {
            for (Type bound : w.getUpperBounds()) {
                collect(bound, pending);
            }
        }
    }

    /**
     * Returns whether {@code c} is a JDK class. The serializer encodes those only with its built-in codecs, never
     * by reflecting on their fields, and never allows their packages; so a description gives no shape for them.
     * One definition for both, so that what is described and what is encoded cannot drift apart.
     */
    public static boolean isJdk(Class<?> c) {
        String n = c.getName();
        return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.")
                || n.startsWith("com.sun.");
    }

    private static String typeName(Type type) {
        return type.getTypeName();
    }

    private static String digest(String json) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
