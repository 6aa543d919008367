package io.ferryrpc.core.internal.serialize;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.internal.descriptor.ServiceDescriptions;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Converts between generic values (maps with string keys, lists, strings, numbers, booleans, {@code null}) and the
 * declared types of a method, for generic calls made without the service's classes.
 *
 * <p>The conversion is driven only by declared types: a record or object is built from the map entries named
 * after its fields, a collection from a list, an enum from a constant's name, a number from any number that fits.
 * No name in the input is ever taken for a class, so a generic call can only produce the declared types and
 * their fields (the lesson of Dubbo's CVE-2021-30179 and CVE-2023-23638); a key that is not a field, an
 * interface or abstract declared type, or a value that does not fit fails with {@code SERIALIZATION} naming the
 * path. Results go the other way: objects and records become maps of their fields, enums their names, arrays and
 * collections lists. Thread-safe.
 */
public final class GenericValues {

    /** The deepest nesting converted either way; deeper input is refused, and a deeper result is likely a cycle. */
    static final int MAX_DEPTH = io.ferryrpc.core.spi.SerializationConfig.DEFAULT_MAX_DEPTH;

    private static final Map<Class<?>, Function<String, Object>> PARSERS = new HashMap<>();

    static {
        PARSERS.put(BigDecimal.class, BigDecimal::new);
        PARSERS.put(BigInteger.class, BigInteger::new);
        PARSERS.put(UUID.class, UUID::fromString);
        PARSERS.put(Instant.class, Instant::parse);
        PARSERS.put(Date.class, s -> Date.from(Instant.parse(s)));
        PARSERS.put(LocalDate.class, LocalDate::parse);
        PARSERS.put(LocalTime.class, LocalTime::parse);
        PARSERS.put(LocalDateTime.class, LocalDateTime::parse);
        PARSERS.put(OffsetDateTime.class, OffsetDateTime::parse);
        PARSERS.put(ZonedDateTime.class, ZonedDateTime::parse);
        PARSERS.put(Duration.class, Duration::parse);
        PARSERS.put(Period.class, Period::parse);
        PARSERS.put(ZoneId.class, ZoneId::of);
        PARSERS.put(ZoneOffset.class, ZoneOffset::of);
        PARSERS.put(Year.class, Year::parse);
        PARSERS.put(YearMonth.class, YearMonth::parse);
        PARSERS.put(MonthDay.class, MonthDay::parse);
    }

    private GenericValues() {}

    /**
     * Returns {@code value}, a generic value, as an instance of {@code declared}.
     *
     * @param path where the value sits, for error messages ({@code "argument 0"}, say)
     * @throws RpcException {@code SERIALIZATION} if the value cannot become the declared type
     */
    public static Object toDeclared(Object value, Type declared, String path) {
        return convert(value, declared, path, 0);
    }

    private static Object convert(Object value, Type declared, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw fail(path, "nested deeper than " + MAX_DEPTH);
        }
        Class<?> raw = Types.raw(declared);
        if (value == null) {
            if (raw == Optional.class) {
                return Optional.empty();
            }
            return raw.isPrimitive() ? zero(raw) : null;
        }
        if (raw == Object.class || declared instanceof TypeVariable<?> || declared instanceof WildcardType) {
            return checkedGeneric(value, path, depth);
        }
        Class<?> boxed = boxed(raw);
        if (Number.class.isAssignableFrom(boxed) || boxed == Boolean.class || boxed == Character.class
                || boxed == String.class) {
            return scalar(value, boxed, path);
        }
        if (raw.isEnum()) {
            return enumConstant(value, raw, path);
        }
        if (raw == byte[].class) {
            return bytes(value, path);
        }
        Function<String, Object> parser = PARSERS.get(raw);
        if (parser != null) {
            if (raw.isInstance(value)) {
                return value;
            }
            if (raw == Date.class && value instanceof Number n) {
                return new Date(n.longValue());
            }
            if (!(value instanceof String s)) {
                throw fail(path, "expected a string for " + raw.getName() + ", got " + kind(value));
            }
            try {
                return parser.apply(s);
            } catch (RuntimeException e) {
                throw fail(path, "not a valid " + raw.getSimpleName() + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (raw == Optional.class) {
            return Optional.of(convert(value, typeArgument(declared, 0), path, depth + 1));
        }
        if (raw.isArray()) {
            List<?> list = list(value, path);
            Type component = declared instanceof GenericArrayType g ? g.getGenericComponentType() : raw.getComponentType();
            Object array = Array.newInstance(raw.getComponentType(), list.size());
            for (int i = 0; i < list.size(); i++) {
                Array.set(array, i, convert(list.get(i), component, path + "[" + i + "]", depth + 1));
            }
            return array;
        }
        Structs.CollectionKind collection = ProtostuffSerializer.collectionKind(raw);
        if (collection != null) {
            List<?> list = list(value, path);
            Collection<Object> out = collection.factory.get();
            Type element = typeArgument(declared, 0);
            for (int i = 0; i < list.size(); i++) {
                out.add(convert(list.get(i), element, path + "[" + i + "]", depth + 1));
            }
            return out;
        }
        Structs.MapKind mapKind = ProtostuffSerializer.mapKind(raw);
        if (mapKind != null) {
            Map<?, ?> map = map(value, path);
            Map<Object, Object> out = mapKind.factory.get();
            Type keyType = typeArgument(declared, 0);
            Type valueType = typeArgument(declared, 1);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String at = path + "[" + e.getKey() + "]";
                out.put(convert(e.getKey(), keyType, at + " (key)", depth + 1),
                        convert(e.getValue(), valueType, at, depth + 1));
            }
            return out;
        }
        if (raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) {
            throw fail(path, raw.getName() + " is an interface or abstract class: a generic call builds only concrete"
                    + " declared types");
        }
        if (raw.getName().startsWith("java.") || raw.getName().startsWith("javax.")) {
            throw fail(path, raw.getName() + " cannot be built from a generic value");
        }
        return raw.isRecord() ? record(map(value, path), raw, path, depth) : object(map(value, path), raw, path, depth);
    }

    private static Object record(Map<?, ?> map, Class<?> type, String path, int depth) {
        RecordComponent[] components = type.getRecordComponents();
        checkKeys(map, type, path);
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = convert(map.get(components[i].getName()), components[i].getGenericType(),
                    path + "." + components[i].getName(), depth + 1);
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new RpcException(RpcException.Code.SERIALIZATION, "at " + path + ": the constructor of "
                    + type.getName() + " refused the value: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw fail(path, "cannot construct " + type.getName() + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Object object(Map<?, ?> map, Class<?> type, String path, int depth) {
        checkKeys(map, type, path);
        Object target;
        try {
            target = Beans.instantiate(type);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw fail(path, "cannot create a " + type.getName() + " (" + e.getClass().getSimpleName() + ")");
        }
        for (Field field : ServiceDescriptions.wireFields(type)) {
            if (!map.containsKey(field.getName())) {
                continue;
            }
            Object v = convert(map.get(field.getName()), field.getGenericType(), path + "." + field.getName(),
                    depth + 1);
            try {
                field.setAccessible(true);
                field.set(target, v);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw fail(path, "cannot set " + type.getName() + "." + field.getName() + " ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        return target;
    }

    /** Refuses keys that are not fields: a typo, or someone trying {@code "class"}, should not pass silently. */
    private static void checkKeys(Map<?, ?> map, Class<?> type, String path) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Type> f : ServiceDescriptions.fields(type)) {
            names.add(f.getKey());
        }
        for (Object key : map.keySet()) {
            if (!(key instanceof String s) || !names.contains(s)) {
                throw fail(path, "no field " + Errors.quote(String.valueOf(key)) + " in " + type.getName()
                        + " (fields: " + names + ")");
            }
        }
    }

    /** Passes a value on where {@code Object} is declared, as long as it is generic all the way down. */
    private static Object checkedGeneric(Object value, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw fail(path, "nested deeper than " + MAX_DEPTH);
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                checkedGeneric(e.getKey(), path, depth + 1);
                checkedGeneric(e.getValue(), path + "[" + e.getKey() + "]", depth + 1);
            }
            return value;
        }
        if (value instanceof List<?> list) {
            for (Object element : list) {
                checkedGeneric(element, path, depth + 1);
            }
            return value;
        }
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Character || value instanceof byte[]) {
            return value;
        }
        throw fail(path, "a generic value may be a map, list, string, number or boolean, not " + kind(value));
    }

    private static Object scalar(Object value, Class<?> boxed, String path) {
        if (boxed.isInstance(value)) {
            return value;
        }
        try {
            if (boxed == String.class) {
                if (value instanceof Character c) {
                    return c.toString();
                }
            } else if (boxed == Boolean.class) {
                if (value instanceof String s && (s.equals("true") || s.equals("false"))) {
                    return Boolean.valueOf(s);
                }
            } else if (boxed == Character.class) {
                if (value instanceof String s && s.length() == 1) {
                    return s.charAt(0);
                }
            } else if (value instanceof Number || value instanceof String) {
                BigDecimal exact = value instanceof String s ? new BigDecimal(s.trim())
                        : value instanceof BigDecimal d ? d
                        : value instanceof BigInteger i ? new BigDecimal(i)
                        : value instanceof Double || value instanceof Float ? BigDecimal.valueOf(((Number) value).doubleValue())
                        : BigDecimal.valueOf(((Number) value).longValue());
                if (boxed == Double.class) {
                    return exact.doubleValue();
                }
                if (boxed == Float.class) {
                    return exact.floatValue();
                }
                if (boxed == BigDecimal.class) {
                    return exact;
                }
                BigInteger whole = exact.toBigIntegerExact();
                if (boxed == BigInteger.class) {
                    return whole;
                }
                long l = whole.longValueExact();
                if (boxed == Long.class) {
                    return l;
                }
                if (boxed == Integer.class && l == (int) l) {
                    return (int) l;
                }
                if (boxed == Short.class && l == (short) l) {
                    return (short) l;
                }
                if (boxed == Byte.class && l == (byte) l) {
                    return (byte) l;
                }
                throw fail(path, value + " does not fit in " + boxed.getSimpleName());
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw fail(path, "not a valid " + boxed.getSimpleName());
        }
        throw fail(path, "expected " + boxed.getSimpleName() + ", got " + kind(value));
    }

    private static Object enumConstant(Object value, Class<?> type, String path) {
        if (type.isInstance(value)) {
            return value;
        }
        if (value instanceof String s) {
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(s)) {
                    return constant;
                }
            }
            throw fail(path, "no constant " + Errors.quote(s) + " in " + type.getName());
        }
        throw fail(path, "expected the name of a " + type.getName() + " constant, got " + kind(value));
    }

    private static byte[] bytes(Object value, String path) {
        if (value instanceof byte[] b) {
            return b;
        }
        if (value instanceof String s) {
            try {
                return Base64.getDecoder().decode(s);
            } catch (IllegalArgumentException e) {
                throw fail(path, "not valid base64");
            }
        }
        List<?> list = list(value, path);
        byte[] out = new byte[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Byte) scalar(list.get(i), Byte.class, path + "[" + i + "]");
        }
        return out;
    }

    private static List<?> list(Object value, String path) {
        if (value instanceof List<?> l) {
            return l;
        }
        if (value instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        throw fail(path, "expected a list, got " + kind(value));
    }

    private static Map<?, ?> map(Object value, String path) {
        if (value instanceof Map<?, ?> m) {
            return m;
        }
        throw fail(path, "expected a map of fields, got " + kind(value));
    }

    private static Type typeArgument(Type declared, int index) {
        return declared instanceof ParameterizedType p && p.getActualTypeArguments().length > index
                ? p.getActualTypeArguments()[index] : Object.class;
    }

    /**
     * Returns {@code value} as a generic value: records and objects as maps of their fields in wire order, enums as
     * their names, arrays and collections as lists, maps with generic keys and values, {@code Optional} as its
     * value or {@code null}; scalars (numbers, strings, booleans, {@code java.time} values, UUIDs, byte arrays) as
     * they are.
     */
    public static Object toGeneric(Object value) {
        return toGeneric(value, 0);
    }

    private static Object toGeneric(Object value, int depth) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Character || value instanceof byte[] || Scalars.BY_CLASS.containsKey(value.getClass())) {
            return value;
        }
        if (depth > MAX_DEPTH) {
            throw new RpcException(RpcException.Code.SERIALIZATION, "result nested deeper than "
                    + MAX_DEPTH + " (a cycle?)");
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Optional<?> o) {
            return o.isPresent() ? toGeneric(o.get(), depth + 1) : null;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(toGeneric(e.getKey(), depth + 1), toGeneric(e.getValue(), depth + 1));
            }
            return out;
        }
        if (value instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object element : c) {
                out.add(toGeneric(element, depth + 1));
            }
            return out;
        }
        if (value.getClass().isArray()) {
            int n = Array.getLength(value);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(toGeneric(Array.get(value, i), depth + 1));
            }
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Class<?> type = value.getClass();
        try {
            if (type.isRecord()) {
                for (RecordComponent rc : type.getRecordComponents()) {
                    rc.getAccessor().setAccessible(true);
                    out.put(rc.getName(), toGeneric(rc.getAccessor().invoke(value), depth + 1));
                }
            } else {
                for (Field field : ServiceDescriptions.wireFields(type)) {
                    field.setAccessible(true);
                    out.put(field.getName(), toGeneric(field.get(value), depth + 1));
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new RpcException(RpcException.Code.SERIALIZATION, "cannot read the fields of " + type.getName()
                    + " for a generic result (" + e.getClass().getSimpleName() + ")");
        }
        return out;
    }

    private static Class<?> boxed(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        return c == int.class ? Integer.class : c == long.class ? Long.class : c == boolean.class ? Boolean.class
                : c == double.class ? Double.class : c == float.class ? Float.class : c == short.class ? Short.class
                : c == byte.class ? Byte.class : c == char.class ? Character.class : Void.class;
    }

    private static Object zero(Class<?> primitive) {
        return Array.get(Array.newInstance(primitive, 1), 0);
    }

    private static String kind(Object value) {
        return value instanceof Map ? "a map" : value instanceof List ? "a list" : value instanceof String ? "a string"
                : value instanceof Number ? "a number" : value instanceof Boolean ? "a boolean"
                : "a " + value.getClass().getSimpleName();
    }

    private static RpcException fail(String path, String why) {
        return new RpcException(RpcException.Code.SERIALIZATION, "generic value at " + path + ": " + why);
    }
}
