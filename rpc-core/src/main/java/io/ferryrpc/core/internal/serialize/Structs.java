package io.ferryrpc.core.internal.serialize;

import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Codecs of enums, collections, maps, arrays, {@link Optional} and polymorphic values. */
final class Structs {

    private Structs() {
    }

    /** Field of a collection or array holding a non-null element. */
    static final int ELEMENT = 1;
    /** Field of a collection or array marking a null element (uint32 0). */
    static final int NULL_ELEMENT = 2;

    /** Nothing is written; decodes as {@code null}. */
    static final Codec VOID = new Codec(Codec.WIRE_NONE) {
        @Override
        void write(Enc enc, int field, Object value) {
        }

        @Override
        Object read(Dec dec) {
            throw new IllegalStateException();
        }

        @Override
        String typeName() {
            return "void";
        }
    };

    /** An enum constant by its name (string). */
    static final class EnumCodec extends Codec {
        private final Class<?> type;
        private final Map<String, Object> byName = new HashMap<>();

        EnumCodec(Class<?> type) {
            super(WIRE_LENGTH_DELIMITED);
            this.type = type;
            for (Object constant : type.getEnumConstants()) {
                byName.put(((Enum<?>) constant).name(), constant);
            }
        }

        @Override
        void write(Enc enc, int field, Object value) throws IOException {
            enc.out.writeString(field, ((Enum<?>) value).name(), false);
        }

        @Override
        Class<?> javaClass() {
            return type;
        }

        @Override
        Object read(Dec dec) throws IOException {
            Object constant = byName.get(dec.in.readString());
            if (constant == null) {
                throw Errors.serialization("Unknown constant of enum " + type.getName());
            }
            return constant;
        }

        @Override
        String typeName() {
            return type.getName();
        }
    }

    /** The concrete collections created when decoding, by declared type. */
    enum CollectionKind {
        ARRAY_LIST(ArrayList::new), LINKED_LIST(LinkedList::new), LINKED_HASH_SET(LinkedHashSet::new),
        TREE_SET(TreeSet::new), ARRAY_DEQUE(ArrayDeque::new);

        final Supplier<Collection<Object>> factory;

        CollectionKind(Supplier<Collection<Object>> factory) {
            this.factory = factory;
        }
    }

    /** A collection: a message of repeated field 1 (element) and field 2 (null marker), in iteration order. */
    static final class CollectionCodec extends Codec.MessageCodec {
        private final String name;
        private final CollectionKind kind;
        Codec element;

        CollectionCodec(String name, CollectionKind kind) {
            super(true);
            this.name = name;
            this.kind = kind;
        }

        @Override
        java.util.List<Codec> children() {
            return java.util.List.of(element);
        }

        @Override
        void writeFields(Enc enc, Object value) throws IOException {
            Codec element = this.element;
            for (Object e : (Iterable<?>) value) {
                if (e == null) {
                    enc.out.writeUInt32(NULL_ELEMENT, 0, true);
                } else {
                    element.write(enc, ELEMENT, e);
                }
            }
        }

        @Override
        Object readFields(Dec dec) throws IOException {
            Collection<Object> result = kind.factory.get();
            Codec element = this.element;
            int count = 0;
            int field;
            while ((field = dec.nextField()) != 0) {
                if (field == ELEMENT) {
                    dec.expect(element, field, name);
                    dec.checkSize(++count, name);
                    add(result, element.read(dec));
                } else if (field == NULL_ELEMENT) {
                    dec.expect(WIRE_VARINT, field, name);
                    dec.in.readUInt32();
                    dec.checkSize(++count, name);
                    add(result, null);
                } else {
                    dec.skipField();
                }
            }
            return result;
        }

        private void add(Collection<Object> result, Object e) {
            try {
                result.add(e);
            } catch (NullPointerException | ClassCastException ex) {
                throw Errors.serialization("An element of " + name + " is not accepted by "
                        + result.getClass().getName() + " (" + ex.getClass().getSimpleName() + ")");
            }
        }

        @Override
        String typeName() {
            return name;
        }
    }

    /** The concrete maps created when decoding, by declared type. */
    enum MapKind {
        LINKED_HASH_MAP(LinkedHashMap::new), TREE_MAP(TreeMap::new), CONCURRENT_HASH_MAP(ConcurrentHashMap::new);

        final Supplier<Map<Object, Object>> factory;

        MapKind(Supplier<Map<Object, Object>> factory) {
            this.factory = factory;
        }
    }

    /** A map: a message of repeated field 1, each an entry message {1: key, 2: value} (absent = null). */
    static final class MapCodec extends Codec.MessageCodec {
        private final String name;
        private final MapKind kind;
        private final EntryCodec entry = new EntryCodec();
        Codec key;
        Codec value;

        MapCodec(String name, MapKind kind) {
            super(true);
            this.name = name;
            this.kind = kind;
        }

        @Override
        java.util.List<Codec> children() {
            return java.util.List.of(key, value);
        }

        @Override
        void writeFields(Enc enc, Object map) throws IOException {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) map).entrySet()) {
                enc.writeMessage(ELEMENT, entry, e);
            }
        }

        @Override
        Object readFields(Dec dec) throws IOException {
            Map<Object, Object> result = kind.factory.get();
            int count = 0;
            int field;
            while ((field = dec.nextField()) != 0) {
                if (field != ELEMENT) {
                    dec.skipField();
                    continue;
                }
                dec.expect(WIRE_START_GROUP, field, name);
                dec.checkSize(++count, name);
                dec.enter(false);
                Object k = null;
                Object v = null;
                int f;
                while ((f = dec.nextField()) != 0) {
                    if (f == 1) {
                        dec.expect(key, f, name + " key");
                        k = key.read(dec);
                    } else if (f == 2) {
                        dec.expect(value, f, name + " value");
                        v = value.read(dec);
                    } else {
                        dec.skipField();
                    }
                }
                dec.exit(false);
                try {
                    result.put(k, v);
                } catch (NullPointerException | ClassCastException ex) {
                    throw Errors.serialization("An entry of " + name + " is not accepted by "
                            + result.getClass().getName() + " (" + ex.getClass().getSimpleName() + ")");
                }
            }
            return result;
        }

        @Override
        String typeName() {
            return name;
        }

        /** Writes one entry; entries are read inline by {@link MapCodec#readFields}. */
        private final class EntryCodec extends Codec.MessageCodec {
            EntryCodec() {
                super(false);
            }

            @Override
            void writeFields(Enc enc, Object value) throws IOException {
                Map.Entry<?, ?> e = (Map.Entry<?, ?>) value;
                Object k = e.getKey();
                if (k != null) {
                    key.write(enc, 1, k);
                }
                Object v = e.getValue();
                if (v != null) {
                    MapCodec.this.value.write(enc, 2, v);
                }
            }

            @Override
            Object readFields(Dec dec) {
                throw new IllegalStateException();
            }

            @Override
            String typeName() {
                return name + " entry";
            }
        }
    }

    /** An array of references: like a collection, field 1 element, field 2 null marker. */
    static final class ObjectArrayCodec extends Codec.MessageCodec {
        private final String name;
        private final Class<?> componentType;
        Codec element;

        ObjectArrayCodec(String name, Class<?> componentType) {
            super(true);
            this.name = name;
            this.componentType = componentType;
        }

        @Override
        Class<?> javaClass() {
            return Array.newInstance(componentType, 0).getClass();
        }

        @Override
        java.util.List<Codec> children() {
            return java.util.List.of(element);
        }

        @Override
        void writeFields(Enc enc, Object value) throws IOException {
            Codec element = this.element;
            for (Object e : (Object[]) value) {
                if (e == null) {
                    enc.out.writeUInt32(NULL_ELEMENT, 0, true);
                } else {
                    element.write(enc, ELEMENT, e);
                }
            }
        }

        @Override
        Object readFields(Dec dec) throws IOException {
            Object[] items = new Object[8];
            Codec element = this.element;
            int count = 0;
            int field;
            while ((field = dec.nextField()) != 0) {
                Object e;
                if (field == ELEMENT) {
                    dec.expect(element, field, name);
                    dec.checkSize(count + 1, name);
                    e = element.read(dec);
                } else if (field == NULL_ELEMENT) {
                    dec.expect(WIRE_VARINT, field, name);
                    dec.in.readUInt32();
                    dec.checkSize(count + 1, name);
                    e = null;
                } else {
                    dec.skipField();
                    continue;
                }
                if (count == items.length) {
                    items = Arrays.copyOf(items, count * 2);
                }
                items[count++] = e;
            }
            Object[] result = (Object[]) Array.newInstance(componentType, count);
            System.arraycopy(items, 0, result, 0, count);
            return result;
        }

        @Override
        String typeName() {
            return name;
        }
    }

    /** An array of a primitive type other than byte: repeated field 1, one value each. */
    static final class PrimitiveArrayCodec extends Codec.MessageCodec {
        private final Class<?> component;
        private final Codec element;
        private final String name;

        PrimitiveArrayCodec(Class<?> arrayType) {
            super(true);
            this.component = arrayType.getComponentType();
            this.element = Scalars.BY_CLASS.get(component);
            this.name = arrayType.getTypeName();
        }

        @Override
        void writeFields(Enc enc, Object value) throws IOException {
            var out = enc.out;
            if (component == int.class) {
                for (int v : (int[]) value) {
                    out.writeSInt32(ELEMENT, v, true);
                }
            } else if (component == long.class) {
                for (long v : (long[]) value) {
                    out.writeSInt64(ELEMENT, v, true);
                }
            } else if (component == double.class) {
                for (double v : (double[]) value) {
                    out.writeDouble(ELEMENT, v, true);
                }
            } else if (component == float.class) {
                for (float v : (float[]) value) {
                    out.writeFloat(ELEMENT, v, true);
                }
            } else if (component == boolean.class) {
                for (boolean v : (boolean[]) value) {
                    out.writeBool(ELEMENT, v, true);
                }
            } else if (component == short.class) {
                for (short v : (short[]) value) {
                    out.writeSInt32(ELEMENT, v, true);
                }
            } else if (component == char.class) {
                for (char v : (char[]) value) {
                    out.writeUInt32(ELEMENT, v, true);
                }
            } else {
                throw new IllegalStateException(name);
            }
        }

        @Override
        Object readFields(Dec dec) throws IOException {
            var in = dec.in;
            Object array = Array.newInstance(component, 8);
            int capacity = 8;
            int count = 0;
            int field;
            while ((field = dec.nextField()) != 0) {
                if (field != ELEMENT) {
                    dec.skipField();
                    continue;
                }
                dec.expect(element, field, name);
                dec.checkSize(count + 1, name);
                if (count == capacity) {
                    capacity *= 2;
                    array = grow(array, capacity);
                }
                if (component == int.class) {
                    ((int[]) array)[count] = in.readSInt32();
                } else if (component == long.class) {
                    ((long[]) array)[count] = in.readSInt64();
                } else if (component == double.class) {
                    ((double[]) array)[count] = in.readDouble();
                } else if (component == float.class) {
                    ((float[]) array)[count] = in.readFloat();
                } else if (component == boolean.class) {
                    ((boolean[]) array)[count] = in.readBool();
                } else if (component == short.class) {
                    ((short[]) array)[count] = (short) in.readSInt32();
                } else {
                    ((char[]) array)[count] = (char) in.readUInt32();
                }
                count++;
            }
            return count == capacity ? array : grow(array, count);
        }

        private Object grow(Object array, int length) {
            Object bigger = Array.newInstance(component, length);
            System.arraycopy(array, 0, bigger, 0, Math.min(length, Array.getLength(array)));
            return bigger;
        }

        @Override
        String typeName() {
            return name;
        }
    }

    /** An {@link Optional}: a message with field 1 holding the value when present. */
    static final class OptionalCodec extends Codec.MessageCodec {
        private final String name;
        Codec element;

        OptionalCodec(String name) {
            super(true);
            this.name = name;
        }

        @Override
        java.util.List<Codec> children() {
            return java.util.List.of(element);
        }

        @Override
        void writeFields(Enc enc, Object value) throws IOException {
            Optional<?> optional = (Optional<?>) value;
            if (optional.isPresent()) {
                element.write(enc, 1, optional.get());
            }
        }

        @Override
        Object readFields(Dec dec) throws IOException {
            Object value = null;
            int field;
            while ((field = dec.nextField()) != 0) {
                if (field == 1) {
                    dec.expect(element, field, name);
                    value = element.read(dec);
                } else {
                    dec.skipField();
                }
            }
            return Optional.ofNullable(value);
        }

        @Override
        String typeName() {
            return name;
        }
    }

    /**
     * A value of a non-concrete declared type: a message {1: string class name, 2: the value by the codec of that
     * class}. The name is checked before anything is loaded.
     */
    static final class PolyCodec extends Codec.MessageCodec {
        private final Class<?> declared;
        private final ProtostuffSerializer serializer;

        PolyCodec(Class<?> declared, ProtostuffSerializer serializer) {
            super(false);
            this.declared = declared;
            this.serializer = serializer;
        }

        @Override
        void writeFields(Enc enc, Object value) throws IOException {
            ProtostuffSerializer.Target target = serializer.targetOf(value);
            enc.out.writeString(1, target.name(), false);
            target.codec().write(enc, 2, value);
        }

        @Override
        Object readFields(Dec dec) throws IOException {
            Codec codec = null;
            Object value = null;
            int field;
            while ((field = dec.nextField()) != 0) {
                if (field == 1) {
                    dec.expect(WIRE_LENGTH_DELIMITED, field, typeName());
                    codec = serializer.allowedCodec(dec.in.readString(), declared);
                } else if (field == 2) {
                    if (codec == null) {
                        throw Errors.serialization("Malformed input: a value of " + typeName()
                                + " before its type name");
                    }
                    dec.expect(codec, field, codec.typeName());
                    value = codec.read(dec);
                } else {
                    dec.skipField();
                }
            }
            return value;
        }

        @Override
        String typeName() {
            return declared.getName();
        }
    }
}
