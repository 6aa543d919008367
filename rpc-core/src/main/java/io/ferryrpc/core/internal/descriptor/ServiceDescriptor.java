package io.ferryrpc.core.internal.descriptor;

import io.ferryrpc.api.RpcService;
import io.ferryrpc.core.spi.Serializer;
import io.ferryrpc.core.spi.ServiceKey;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A service interface parsed once: its key and the descriptors of all its abstract methods. */
public final class ServiceDescriptor {

    private final Class<?> type;
    private final ServiceKey key;
    private final List<MethodDescriptor> methods;
    private final Map<Method, MethodDescriptor> byMethod;

    private ServiceDescriptor(Class<?> type, ServiceKey key, List<MethodDescriptor> methods) {
        this.type = type;
        this.key = key;
        this.methods = List.copyOf(methods);
        Map<Method, MethodDescriptor> map = new HashMap<>();
        for (MethodDescriptor m : methods) {
            map.put(m.method(), m);
        }
        this.byMethod = Collections.unmodifiableMap(map);
    }

    /**
     * Parses {@code type}, which must be an interface annotated with {@link RpcService}, building the codecs of
     * every method with {@code serializer}.
     *
     * @throws IllegalArgumentException naming the interface or method if it cannot be called remotely
     */
    public static ServiceDescriptor of(Class<?> type, Serializer serializer) {
        return of(type, serializer, null, null);
    }

    /**
     * Parses {@code type} like {@link #of(Class, Serializer)}, with the version and group replaced where
     * {@code version} or {@code group} is not {@code null} (a consumer's override).
     */
    public static ServiceDescriptor of(Class<?> type, Serializer serializer, String version, String group) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface");
        }
        RpcService annotation = type.getAnnotation(RpcService.class);
        if (annotation == null) {
            throw new IllegalArgumentException(type.getName() + " is not annotated with @RpcService");
        }
        String name = annotation.name().isEmpty() ? type.getName() : annotation.name();
        String effectiveVersion = version != null ? version : annotation.version();
        ServiceKey key = new ServiceKey(name, effectiveVersion, group != null ? group : annotation.group());
        serializer.allowApiPackageOf(type);
        List<MethodDescriptor> methods = new ArrayList<>();
        Map<Integer, MethodDescriptor> ids = new HashMap<>();
        for (Method method : type.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            MethodDescriptor descriptor = new MethodDescriptor(name, effectiveVersion, method, serializer);
            MethodDescriptor clash = ids.putIfAbsent(descriptor.callId(), descriptor);
            if (clash != null) {
                throw new IllegalArgumentException("call ID collision in " + type.getName() + ": " + clash
                        + " and " + descriptor + "; rename one of the methods");
            }
            methods.add(descriptor);
        }
        methods.sort((a, b) -> a.signature().compareTo(b.signature()));
        return new ServiceDescriptor(type, key, methods);
    }

    /** Returns the interface. */
    public Class<?> type() {
        return type;
    }

    /** Returns the service key. */
    public ServiceKey key() {
        return key;
    }

    /** Returns the methods, sorted by signature. */
    public List<MethodDescriptor> methods() {
        return methods;
    }

    /** Returns the descriptor of an interface method, or {@code null} if it is not a remote method. */
    public MethodDescriptor method(Method method) {
        return byMethod.get(method);
    }
}
