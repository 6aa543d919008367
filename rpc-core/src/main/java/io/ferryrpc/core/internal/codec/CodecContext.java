package io.ferryrpc.core.internal.codec;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.spi.SerializationConfig;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and caches the codec of every declared type one serializer meets, and knows which classes may arrive
 * where the declared type is not concrete: the ones reachable from declared types, Ferry's built-in value types,
 * and the configured allow list.
 */
class CodecContext {

    private static final Logger log = LoggerFactory.getLogger(CodecContext.class);

    private static final Map<Class<?>, ValueCodec> SCALARS = ScalarCodecs.all();
    private static final Map<Class<?>, Supplier<Collection<Object>>> COLLECTIONS = new HashMap<>();
    private static final Map<Class<?>, Supplier<Map<Object, Object>>> MAPS = new HashMap<>();
    private static final Map<String, Class<?>> BUILT_IN = new HashMap<>();

    static {
        for (Class<?> c : List.of(Collection.class, List.class, ArrayList.class)) {
            COLLECTIONS.put(c, ArrayList::new);
        }
        COLLECTIONS.put(LinkedList.class, LinkedList::new);
        for (Class<?> c : List.of(Set.class, HashSet.class, LinkedHashSet.class)) {
            COLLECTIONS.put(c, LinkedHashSet::new);
        }
        for (Class<?> c : List.of(SortedSet.class, NavigableSet.class, TreeSet.class)) {
            COLLECTIONS.put(c, TreeSet::new);
        }
        for (Class<?> c : List.of(Queue.class, Deque.class, ArrayDeque.class)) {
            COLLECTIONS.put(c, ArrayDeque::new);
        }
        for (Class<?> c : List.of(Map.class, HashMap.class, LinkedHashMap.class)) {
            MAPS.put(c, LinkedHashMap::new);
        }
        for (Class<?> c : List.of(SortedMap.class, NavigableMap.class, TreeMap.class)) {
            MAPS.put(c, TreeMap::new);
        }
        for (Class<?> c : List.of(ConcurrentMap.class, ConcurrentHashMap.class)) {
            MAPS.put(c, ConcurrentHashMap::new);
        }
        List<Class<?>> builtIn = new ArrayList<>(SCALARS.keySet());
        builtIn.addAll(List.of(Instant.class, Duration.class, LocalDateTime.class, UUID.class, Optional.class,
                DayOfWeek.class, Month.class));
        builtIn.addAll(List.of(ArrayList.class, LinkedList.class, LinkedHashSet.class, TreeSet.class,
                ArrayDeque.class, LinkedHashMap.class, TreeMap.class, ConcurrentHashMap.class));
        for (Class<?> c : builtIn) {
            if (!c.isPrimitive()) {
                BUILT_IN.put(c.getName(), c);
            }
        }
    }

    private final SerializationConfig config;
    private final Map<Type, ValueCodec> codecs = new ConcurrentHashMap<>();
    private final Map<String, Class<?>> known = new ConcurrentHashMap<>();
    private final List<MessageCodec> unresolved = new ArrayList<>();

    CodecContext(SerializationConfig config) {
        this.config = config;
    }

    SerializationConfig config() {
        return config;
    }

    static boolean isBuiltIn(Class<?> c) {
        return BUILT_IN.containsKey(c.getName());
    }

    /**
     * Returns the codec of {@code type}, building it (and, eagerly, everything it reaches) on first use.
     *
     * @throws IllegalArgumentException naming the type and {@code path} if it cannot be serialized
     */
    ValueCodec codecFor(Type type, String path) {
        ValueCodec codec = codecs.get(type);
        if (codec != null) {
            return codec;
        }
        synchronized (this) {
            codec = build(type, path);
            while (!unresolved.isEmpty()) {
                MessageCodec next = unresolved.remove(unresolved.size() - 1);
                if (next instanceof ObjectCodecs.PojoCodec p) {
                    p.resolve();
                } else if (next instanceof ObjectCodecs.RecordCodec r) {
                    r.resolve();
                }
            }
            return codec;
        }
    }

    private ValueCodec build(Type type, String path) {
        ValueCodec codec = codecs.get(type);
        if (codec != null) {
            return codec;
        }
        codec = create(type, path);
        codecs.put(type, codec);
        return codec;
    }

    private ValueCodec create(Type type, String path) {
        if (type instanceof TypeVariable<?> || type instanceof WildcardType) {
            return build(Types.raw(type), path);
        }
        if (type instanceof GenericArrayType g) {
            Type component = g.getGenericComponentType();
            return ContainerCodecs.array(this, Types.raw(component), build(component, path + "[]"));
        }
        Class<?> raw = Types.raw(type);
        Type[] args = type instanceof ParameterizedType p ? p.getActualTypeArguments() : new Type[0];
        ValueCodec scalar = SCALARS.get(raw);
        if (scalar != null) {
            return scalar;
        }
        if (raw == void.class || raw == Void.class) {
            return NothingCodec.INSTANCE;
        }
        if (raw == Instant.class) {
            return PairCodecs.instant(this);
        }
        if (raw == Duration.class) {
            return PairCodecs.duration(this);
        }
        if (raw == LocalDateTime.class) {
            return PairCodecs.localDateTime(this);
        }
        if (raw == UUID.class) {
            return PairCodecs.uuid(this);
        }
        if (raw.isArray()) {
            return ContainerCodecs.array(this, raw.getComponentType(), build(raw.getComponentType(), path + "[]"));
        }
        if (raw.isEnum()) {
            known.put(raw.getName(), raw);
            return new EnumCodec(raw);
        }
        Supplier<Collection<Object>> collection = COLLECTIONS.get(raw);
        if (collection != null) {
            return ContainerCodecs.collection(this, raw.getName(), collection,
                    build(args.length == 1 ? args[0] : Object.class, path + "[]"));
        }
        Supplier<Map<Object, Object>> map = MAPS.get(raw);
        if (map != null) {
            return ContainerCodecs.map(this, raw.getName(), map,
                    build(args.length == 2 ? args[0] : Object.class, path + ".key"),
                    build(args.length == 2 ? args[1] : Object.class, path + ".value"));
        }
        if (raw == Optional.class) {
            return ContainerCodecs.optional(this, build(args.length == 1 ? args[0] : Object.class, path));
        }
        if (raw == Object.class || raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) {
            return new PolymorphicCodec(this, raw);
        }
        String name = raw.getName();
        if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || name.startsWith("sun.") || name.startsWith("com.sun.")) {
            throw new IllegalArgumentException("type " + type.getTypeName() + " is not supported by the Protostuff "
                    + "serializer (at " + path + ")");
        }
        if (raw.isAnonymousClass() || raw.isLocalClass() || raw.isSynthetic()) {
            throw new IllegalArgumentException("type " + name + " is anonymous or local and cannot be serialized"
                    + " (at " + path + ")");
        }
        MessageCodec object = raw.isRecord()
                ? new ObjectCodecs.RecordCodec(this, raw, Types.bindings(type))
                : new ObjectCodecs.PojoCodec(this, raw, Types.bindings(type));
        known.put(name, raw);
        unresolved.add(object);
        return object;
    }

    /**
     * Returns the class named on the wire for a value of {@code declared}, if it is allowed and assignable;
     * nothing is loaded for a name that is not allowed.
     */
    Class<?> allowedClass(String name, Class<?> declared) {
        Class<?> c = BUILT_IN.get(name);
        if (c == null) {
            c = known.get(name);
        }
        if (c == null && config.allowListed(name) && !name.startsWith("[")) {
            try {
                c = Class.forName(name, false, config.classLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new RpcException(RpcException.Code.SERIALIZATION, "allowed type " + name + " is not on the "
                        + "classpath");
            }
        }
        if (c == null) {
            log.warn("refused to decode a value of type {} (declared {}): not an allowed type", name,
                    declared.getName());
            throw new RpcException(RpcException.Code.SERIALIZATION, "type not allowed: " + name + " (declared "
                    + declared.getName() + "); allow it with allowedTypes(...) if it is expected");
        }
        if (!declared.isAssignableFrom(c)) {
            throw new RpcException(RpcException.Code.SERIALIZATION,
                    "type " + name + " is not a " + declared.getName());
        }
        return c;
    }
}
