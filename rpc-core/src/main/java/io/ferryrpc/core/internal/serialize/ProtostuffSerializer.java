package io.ferryrpc.core.internal.serialize;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.internal.descriptor.ServiceDescriptions;
import io.ferryrpc.core.spi.SerializationConfig;
import io.ferryrpc.core.spi.Serializer;
import io.ferryrpc.core.spi.TupleCodec;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.time.DayOfWeek;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's Protostuff serializer: codecs built once per declared type from the declared {@link Type}s, cached per
 * instance; see {@link io.ferryrpc.core.internal.serialize} for the wire format. Thread-safe.
 */
public final class ProtostuffSerializer implements Serializer {

    private static final Logger LOG = LoggerFactory.getLogger(ProtostuffSerializer.class);

    private static final Map<Class<?>, Structs.CollectionKind> COLLECTIONS = new HashMap<>();
    private static final Map<Class<?>, Structs.MapKind> MAPS = new HashMap<>();
    /** Class names that may always arrive as polymorphic values, with their classes (nothing is loaded by name). */
    private static final Map<String, Class<?>> BUILTINS = new HashMap<>();

    static {
        for (Class<?> c : List.of(Iterable.class, Collection.class, List.class, ArrayList.class)) {
            COLLECTIONS.put(c, Structs.CollectionKind.ARRAY_LIST);
        }
        COLLECTIONS.put(LinkedList.class, Structs.CollectionKind.LINKED_LIST);
        for (Class<?> c : List.of(Set.class, HashSet.class, LinkedHashSet.class)) {
            COLLECTIONS.put(c, Structs.CollectionKind.LINKED_HASH_SET);
        }
        for (Class<?> c : List.of(SortedSet.class, NavigableSet.class, TreeSet.class)) {
            COLLECTIONS.put(c, Structs.CollectionKind.TREE_SET);
        }
        for (Class<?> c : List.of(Queue.class, Deque.class, ArrayDeque.class)) {
            COLLECTIONS.put(c, Structs.CollectionKind.ARRAY_DEQUE);
        }
        for (Class<?> c : List.of(Map.class, HashMap.class, LinkedHashMap.class)) {
            MAPS.put(c, Structs.MapKind.LINKED_HASH_MAP);
        }
        for (Class<?> c : List.of(SortedMap.class, NavigableMap.class, TreeMap.class)) {
            MAPS.put(c, Structs.MapKind.TREE_MAP);
        }
        for (Class<?> c : List.of(ConcurrentMap.class, ConcurrentHashMap.class)) {
            MAPS.put(c, Structs.MapKind.CONCURRENT_HASH_MAP);
        }
        List<Class<?>> builtins = new ArrayList<>(List.of(DayOfWeek.class, Month.class, Optional.class,
                ArrayList.class, LinkedList.class, HashSet.class, LinkedHashSet.class, TreeSet.class,
                ArrayDeque.class, HashMap.class, LinkedHashMap.class, TreeMap.class, ConcurrentHashMap.class,
                boolean[].class, short[].class, char[].class, int[].class, long[].class, float[].class,
                double[].class, Object[].class, String[].class));
        for (Class<?> c : Scalars.BY_CLASS.keySet()) {
            if (!c.isPrimitive()) {
                builtins.add(c);
            }
        }
        for (Class<?> c : builtins) {
            BUILTINS.put(c.getName(), c);
        }
    }

    /** Returns the kind of collection built for the declared class {@code raw}, or {@code null}. */
    static Structs.CollectionKind collectionKind(Class<?> raw) {
        return COLLECTIONS.get(raw);
    }

    /** Returns the kind of map built for the declared class {@code raw}, or {@code null}. */
    static Structs.MapKind mapKind(Class<?> raw) {
        return MAPS.get(raw);
    }

    private final SerializationConfig config;
    private final ConcurrentHashMap<Type, Codec> codecs = new ConcurrentHashMap<>();
    private final Set<String> knownTypes = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<Class<?>, Target> targets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Class<?>> allowed = new ConcurrentHashMap<>();
    /** Packages (ending in {@code .}) of the service interfaces this serializer serves. */
    private final Set<String> apiPackages = ConcurrentHashMap.newKeySet();
    private final Object buildLock = new Object();

    /** Creates a serializer obeying {@code config}. */
    public ProtostuffSerializer(SerializationConfig config) {
        this.config = config;
    }

    @Override
    public byte id() {
        return ProtostuffSerializerFactory.ID;
    }

    @Override
    public TupleCodec tupleCodec(Type... declaredTypes) {
        Codec[] tuple = new Codec[declaredTypes.length];
        StringBuilder description = new StringBuilder("(");
        for (int i = 0; i < declaredTypes.length; i++) {
            Type type = declaredTypes[i];
            if (type == null) {
                throw new IllegalArgumentException("declaredTypes[" + i + "] is null");
            }
            tuple[i] = codecFor(type, "value #" + i + " (" + type.getTypeName() + ")", true);
            description.append(i == 0 ? "" : ", ").append(type.getTypeName());
        }
        return new ProtostuffTupleCodec(tuple, description.append(')').toString(), config.maxDepth(),
                config.maxCollectionSize());
    }

    @Override
    public void allowApiPackageOf(Class<?> serviceInterface) {
        String pkg = serviceInterface.getPackageName();
        if (!config.allowServicePackages() || pkg.isEmpty() || ServiceDescriptions.isJdk(serviceInterface)) {
            return;
        }
        if (apiPackages.add(pkg + ".")) {
            LOG.debug("polymorphic values from {}.* are allowed (the API package of {})", pkg,
                    serviceInterface.getName());
        }
    }

    private boolean inApiPackage(String className) {
        for (String pkg : apiPackages) {
            if (className.startsWith(pkg)) {
                return true;
            }
        }
        return false;
    }

    /** Returns the names of the classes this serializer has built codecs for (a snapshot). */
    public Set<String> knownTypes() {
        return Set.copyOf(knownTypes);
    }

    /**
     * Returns the codec of {@code declared}, building it and everything it reaches on first use. Only types reached
     * from {@code signature} types (those given to {@link #tupleCodec}) become known types.
     */
    Codec codecFor(Type declared, String path, boolean signature) {
        Type type = Types.canonical(declared, Map.of());
        Codec codec = codecs.get(type);
        if (codec != null) {
            return codec;
        }
        synchronized (buildLock) {
            codec = codecs.get(type);
            if (codec != null) {
                if (signature) {
                    addKnown(codec, new HashSet<>());
                }
                return codec;
            }
            Map<Type, Codec> pending = new HashMap<>();
            codec = lookup(type, path, pending);
            codecs.putAll(pending);
            codecs.putIfAbsent(type, codec);
            if (signature) {
                addKnown(codec, new HashSet<>());
            }
            return codec;
        }
    }

    /** Adds the classes reachable from {@code codec} to the known types. */
    private void addKnown(Codec codec, Set<Codec> seen) {
        if (!seen.add(codec)) {
            return;
        }
        Class<?> javaClass = codec.javaClass();
        if (javaClass != null) {
            knownTypes.add(javaClass.getName());
        }
        for (Codec child : codec.children()) {
            addKnown(child, seen);
        }
    }

    private Codec lookup(Type type, String path, Map<Type, Codec> pending) {
        Codec codec = codecs.get(type);
        if (codec == null) {
            codec = pending.get(type);
        }
        return codec != null ? codec : create(type, path, pending);
    }

    private static IllegalArgumentException unsupported(Type type, String path, String reason) {
        return new IllegalArgumentException("Cannot serialize " + type.getTypeName() + " at " + path + ": " + reason);
    }

    private Codec create(Type type, String path, Map<Type, Codec> pending) {
        Class<?> raw = Types.raw(type);
        if (raw == void.class || raw == Void.class) {
            return Structs.VOID;
        }
        Codec scalar = Scalars.BY_CLASS.get(raw);
        if (scalar != null) {
            return scalar;
        }
        if (raw.isEnum()) {
            return register(type, new Structs.EnumCodec(raw), pending);
        }
        if (raw.isArray()) {
            Type component = type instanceof GenericArrayType g ? g.getGenericComponentType() : raw.getComponentType();
            if (raw.getComponentType().isPrimitive()) {
                return register(type, new Structs.PrimitiveArrayCodec(raw), pending);
            }
            Structs.ObjectArrayCodec codec = register(type,
                    new Structs.ObjectArrayCodec(type.getTypeName(), raw.getComponentType()), pending);
            codec.element = lookup(component, path + "[]", pending);
            return codec;
        }
        if (raw == Optional.class) {
            Structs.OptionalCodec codec = register(type, new Structs.OptionalCodec(type.getTypeName()), pending);
            codec.element = lookup(Types.argument(type, 0), path + ".get()", pending);
            return codec;
        }
        Structs.CollectionKind collectionKind = COLLECTIONS.get(raw);
        if (collectionKind != null) {
            Structs.CollectionCodec codec = register(type,
                    new Structs.CollectionCodec(type.getTypeName(), collectionKind), pending);
            codec.element = lookup(Types.argument(type, 0), path + "[]", pending);
            return codec;
        }
        Structs.MapKind mapKind = MAPS.get(raw);
        if (mapKind != null) {
            Structs.MapCodec codec = register(type, new Structs.MapCodec(type.getTypeName(), mapKind), pending);
            codec.key = lookup(Types.argument(type, 0), path + ".key", pending);
            codec.value = lookup(Types.argument(type, 1), path + ".value", pending);
            return codec;
        }
        if (Iterable.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw)) {
            throw unsupported(type, path, "collection or map type not supported (declare a supported interface"
                    + " such as List, Set, Queue or Map)");
        }
        if (raw == Object.class || raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) {
            return register(type, new Structs.PolyCodec(raw, this), pending);
        }
        if (raw.isPrimitive() || ServiceDescriptions.isJdk(raw)) {
            throw unsupported(type, path, "JDK type " + raw.getName() + " is not supported");
        }
        if (raw.isHidden() || raw.isSynthetic()) {
            throw unsupported(type, path, "hidden or synthetic class");
        }
        Map<TypeVariable<?>, Type> bindings = bindings(raw, type);
        if (raw.isRecord()) {
            return createRecord(type, raw, bindings, path, pending);
        }
        return createPojo(type, raw, bindings, path, pending);
    }

    private static <C extends Codec> C register(Type type, C codec, Map<Type, Codec> pending) {
        pending.put(type, codec);
        return codec;
    }

    private static Map<TypeVariable<?>, Type> bindings(Class<?> raw, Type type) {
        TypeVariable<?>[] variables = raw.getTypeParameters();
        if (variables.length == 0) {
            return Map.of();
        }
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        for (int i = 0; i < variables.length; i++) {
            bindings.put(variables[i], Types.canonical(Types.argument(type, i), Map.of()));
        }
        return bindings;
    }

    private Codec createRecord(Type type, Class<?> raw, Map<TypeVariable<?>, Type> bindings, String path,
            Map<Type, Codec> pending) {
        RecordComponent[] components = raw.getRecordComponents();
        Method[] accessors = new Method[components.length];
        Class<?>[] parameterTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            accessors[i] = components[i].getAccessor();
            parameterTypes[i] = components[i].getType();
        }
        Constructor<?> constructor;
        try {
            constructor = raw.getDeclaredConstructor(parameterTypes);
        } catch (NoSuchMethodException e) {
            throw unsupported(type, path, "no canonical constructor");
        }
        Beans.RecordCodec codec;
        try {
            codec = register(type, new Beans.RecordCodec(raw, accessors, constructor), pending);
        } catch (IllegalArgumentException e) {
            throw unsupported(type, path, e.getMessage());
        }
        Codec[] codecs = new Codec[components.length];
        codec.components = codecs;
        for (int i = 0; i < components.length; i++) {
            codecs[i] = lookup(Types.canonical(components[i].getGenericType(), bindings),
                    path + " -> " + raw.getSimpleName() + "." + components[i].getName(), pending);
        }
        return codec;
    }

    private Codec createPojo(Type type, Class<?> raw, Map<TypeVariable<?>, Type> bindings, String path,
            Map<Type, Codec> pending) {
        List<Class<?>> hierarchy = new ArrayList<>();
        List<Map<TypeVariable<?>, Type>> hierarchyBindings = new ArrayList<>();
        Class<?> c = raw;
        Map<TypeVariable<?>, Type> b = bindings;
        while (c != null && c != Object.class) {
            if (ServiceDescriptions.isJdk(c)) {
                throw unsupported(type, path, "its superclass " + c.getName() + " is a JDK class");
            }
            hierarchy.add(0, c);
            hierarchyBindings.add(0, b);
            Type superType = c.getGenericSuperclass();
            Class<?> superclass = c.getSuperclass();
            if (superclass != null) {
                b = bindings(superclass, Types.canonical(superType, b));
            }
            c = superclass;
        }
        Beans.PojoCodec codec;
        try {
            codec = register(type, new Beans.PojoCodec(raw), pending);
        } catch (IllegalArgumentException e) {
            throw unsupported(type, path, e.getMessage());
        }
        List<Beans.Slot> slots = new ArrayList<>();
        for (int level = 0; level < hierarchy.size(); level++) {
            Class<?> declaring = hierarchy.get(level);
            for (Field field : declaring.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers) || field.isSynthetic()) {
                    continue;
                }
                String fieldPath = path + " -> " + declaring.getSimpleName() + "." + field.getName();
                try {
                    field.setAccessible(true);
                } catch (RuntimeException e) {
                    throw unsupported(type, fieldPath, "field not accessible (" + e.getClass().getSimpleName() + ")");
                }
                Type fieldType = Types.canonical(field.getGenericType(), hierarchyBindings.get(level));
                slots.add(new Beans.Slot(field, slots.size() + 1, lookup(fieldType, fieldPath, pending)));
            }
        }
        codec.slots = slots.toArray(new Beans.Slot[0]);
        return codec;
    }

    /** The class name written for a polymorphic value and the codec of its value. */
    record Target(String name, Codec codec) {
    }

    /** Returns how a value of a non-concrete declared type is written. */
    Target targetOf(Object value) {
        Class<?> type = value.getClass();
        Target target = targets.get(type);
        if (target != null) {
            return target;
        }
        Class<?> codecClass = concreteClassFor(value);
        Codec codec;
        try {
            codec = codecFor(codecClass, "value of polymorphic type " + codecClass.getName(), false);
        } catch (IllegalArgumentException e) {
            throw Errors.serialization(e.getMessage());
        }
        if (codec instanceof Structs.PolyCodec) {
            throw Errors.serialization("Cannot serialize a value of " + type.getName());
        }
        target = new Target(codecClass.getName(), codec);
        targets.putIfAbsent(type, target);
        return target;
    }

    private static Class<?> concreteClassFor(Object value) {
        Class<?> type = value.getClass();
        if (value instanceof Enum<?> e) {
            return e.getDeclaringClass();
        }
        if (BUILTINS.containsKey(type.getName()) && BUILTINS.get(type.getName()) == type) {
            return type;
        }
        if (value instanceof ZoneOffset) {
            return ZoneOffset.class;
        }
        if (value instanceof ZoneId) {
            return ZoneId.class;
        }
        if (value instanceof Collection<?> || value instanceof Map<?, ?>) {
            if (value instanceof SortedSet<?>) {
                return TreeSet.class;
            }
            if (value instanceof Set<?>) {
                return LinkedHashSet.class;
            }
            if (value instanceof Queue<?> && !(value instanceof List<?>)) {
                return ArrayDeque.class;
            }
            if (value instanceof Collection<?>) {
                return ArrayList.class;
            }
            if (value instanceof SortedMap<?, ?>) {
                return TreeMap.class;
            }
            if (value instanceof ConcurrentMap<?, ?>) {
                return ConcurrentHashMap.class;
            }
            return LinkedHashMap.class;
        }
        return type;
    }

    /**
     * Returns the codec for a polymorphic value whose class is named {@code name} on the wire, if that name is allowed
     * and its class is assignable to {@code declared}; nothing is loaded or initialized for a name not allowed.
     */
    Codec allowedCodec(String name, Class<?> declared) {
        Class<?> type = allowed.get(name);
        if (type == null) {
            type = BUILTINS.get(name);
            if (type == null) {
                if (!knownTypes.contains(name) && !config.allowListed(name) && !inApiPackage(name)) {
                    String quoted = Errors.quote(name);
                    LOG.warn("Rejected a value of type {} where {} is declared: type not allowed (add it to the"
                            + " allow list if it is expected)", quoted, declared.getName());
                    throw Errors.serialization("type not allowed: " + quoted + " (where " + declared.getName()
                            + " is declared; add it to the allow list if it is expected)");
                }
                try {
                    type = Class.forName(name, false, config.classLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    throw Errors.serialization("type not found: " + Errors.quote(name));
                }
                if (type.isPrimitive() || type == Object.class || type.isInterface()
                        || (!type.isArray() && Modifier.isAbstract(type.getModifiers()))) {
                    throw Errors.serialization("type not concrete: " + type.getName());
                }
            }
            allowed.putIfAbsent(name, type);
        }
        if (!declared.isAssignableFrom(type)) {
            throw Errors.serialization("type " + type.getName() + " is not a " + declared.getName());
        }
        try {
            Codec codec = codecFor(type, "polymorphic value of " + type.getName(), false);
            if (codec instanceof Structs.PolyCodec || codec == Structs.VOID) {
                throw Errors.serialization("type not concrete: " + type.getName());
            }
            return codec;
        } catch (IllegalArgumentException e) {
            throw Errors.serialization(e.getMessage());
        }
    }

}
