package io.ferryrpc.core.internal.codec;

import io.protostuff.Input;
import io.protostuff.Output;
import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Collections, maps, arrays and {@code Optional} as nested messages, so that empty and absent stay different:
 * field 1 holds each non-null element in order, field 2 marks a null element; map entries are messages of key
 * (field 1) and value (field 2).
 */
final class ContainerCodecs {

    private ContainerCodecs() {}

    /** A collection of {@code element}s, rebuilt with {@code factory}. */
    static MessageCodec collection(CodecContext context, String name, Supplier<Collection<Object>> factory,
            ValueCodec element) {
        return sequence(context, name, element, list -> {
            Collection<Object> target = factory.get();
            target.addAll(list);
            return target;
        }, value -> (Collection<?>) value);
    }

    /** An array with component type {@code component}. */
    static MessageCodec array(CodecContext context, Class<?> component, ValueCodec element) {
        return sequence(context, component.getName() + "[]", element, list -> {
            Object array = Array.newInstance(component, list.size());
            for (int i = 0; i < list.size(); i++) {
                Object e = list.get(i);
                if (e != null || !component.isPrimitive()) {
                    Array.set(array, i, e);
                }
            }
            return array;
        }, value -> {
            int length = Array.getLength(value);
            List<Object> list = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                list.add(Array.get(value, i));
            }
            return list;
        });
    }

    private static MessageCodec sequence(CodecContext context, String name, ValueCodec element,
            Function<List<Object>, Object> finish, Function<Object, Collection<?>> elements) {
        return new MessageCodec(context, name) {
            @Override
            void writeFields(Output out, Object value) throws IOException {
                for (Object e : elements.apply(value)) {
                    if (e == null) {
                        out.writeUInt32(2, 0, false);
                    } else {
                        element.write(out, 1, e);
                    }
                }
            }

            @Override
            void readFields(Input in, Holder h) throws IOException {
                List<Object> list = new ArrayList<>();
                for (int n = in.readFieldNumber(this); n != 0; n = in.readFieldNumber(this)) {
                    if (n == 1) {
                        countElement(h);
                        list.add(element.read(in, h.depth));
                    } else if (n == 2) {
                        countElement(h);
                        in.readUInt32();
                        list.add(null);
                    } else {
                        in.handleUnknownField(n, this);
                    }
                }
                h.value = list;
            }

            @Override
            @SuppressWarnings("unchecked")
            Object build(Holder h) {
                return finish.apply((List<Object>) h.value);
            }
        };
    }

    /** A map from {@code key}s to {@code value}s, rebuilt with {@code factory}. */
    static MessageCodec map(CodecContext context, String name, Supplier<Map<Object, Object>> factory,
            ValueCodec key, ValueCodec value) {
        MessageCodec entry = new MessageCodec(context, name + ".Entry") {
            @Override
            void writeFields(Output out, Object e) throws IOException {
                Map.Entry<?, ?> en = (Map.Entry<?, ?>) e;
                if (en.getKey() != null) {
                    key.write(out, 1, en.getKey());
                }
                if (en.getValue() != null) {
                    value.write(out, 2, en.getValue());
                }
            }

            @Override
            void readFields(Input in, Holder h) throws IOException {
                Object[] kv = new Object[2];
                for (int n = in.readFieldNumber(this); n != 0; n = in.readFieldNumber(this)) {
                    if (n == 1) {
                        kv[0] = key.read(in, h.depth);
                    } else if (n == 2) {
                        kv[1] = value.read(in, h.depth);
                    } else {
                        in.handleUnknownField(n, this);
                    }
                }
                h.value = kv;
            }

            @Override
            Object build(Holder h) {
                return h.value;
            }
        };
        return new MessageCodec(context, name) {
            @Override
            void writeFields(Output out, Object m) throws IOException {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) m).entrySet()) {
                    entry.write(out, 1, e);
                }
            }

            @Override
            void readFields(Input in, Holder h) throws IOException {
                Map<Object, Object> map = factory.get();
                for (int n = in.readFieldNumber(this); n != 0; n = in.readFieldNumber(this)) {
                    if (n == 1) {
                        countElement(h);
                        Object[] kv = (Object[]) entry.read(in, h.depth);
                        map.put(kv[0], kv[1]);
                    } else {
                        in.handleUnknownField(n, this);
                    }
                }
                h.value = map;
            }

            @Override
            Object build(Holder h) {
                return h.value;
            }
        };
    }

    /** An {@code Optional} of {@code element}: field 1 when present. */
    static MessageCodec optional(CodecContext context, ValueCodec element) {
        return new MessageCodec(context, "Optional") {
            @Override
            void writeFields(Output out, Object value) throws IOException {
                Optional<?> o = (Optional<?>) value;
                if (o.isPresent()) {
                    element.write(out, 1, o.get());
                }
            }

            @Override
            void readFields(Input in, Holder h) throws IOException {
                for (int n = in.readFieldNumber(this); n != 0; n = in.readFieldNumber(this)) {
                    if (n == 1) {
                        h.value = element.read(in, h.depth);
                    } else {
                        in.handleUnknownField(n, this);
                    }
                }
            }

            @Override
            Object build(Holder h) {
                return Optional.ofNullable(h.value);
            }
        };
    }
}
