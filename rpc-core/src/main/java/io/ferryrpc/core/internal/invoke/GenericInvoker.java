package io.ferryrpc.core.internal.invoke;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.GenericService;
import io.ferryrpc.core.internal.descriptor.CallKind;
import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.serialize.GenericValues;
import io.ferryrpc.core.spi.Serializer;
import io.ferryrpc.core.spi.ServiceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A {@link GenericService}: resolves a method name to the signature the providers publish, and calls it through a
 * {@link ConsumerInvoker} like any proxy method, with the arguments and result as generic values.
 */
public final class GenericInvoker implements GenericService {

    /** A resolved method and the invoker that calls it. */
    private record Bound(MethodDescriptor method, ConsumerInvoker invoker) {}

    private final ServiceKey service;
    private final Directory directory;
    private final Serializer serializer;
    private final Function<MethodDescriptor, ConsumerInvoker> invokers;
    private final ConcurrentHashMap<String, Bound> bound = new ConcurrentHashMap<>();

    /** Creates a generic service over {@code directory}, whose calls go through invokers made by {@code invokers}. */
    public GenericInvoker(ServiceKey service, Directory directory, Serializer serializer,
            Function<MethodDescriptor, ConsumerInvoker> invokers) {
        if (service.version().equals("*")) {
            throw new IllegalArgumentException("a generic call needs the service's version, not \"*\"");
        }
        this.service = service;
        this.directory = directory;
        this.serializer = serializer;
        this.invokers = invokers;
    }

    @Override
    public ServiceKey service() {
        return service;
    }

    @Override
    public Object invoke(String method, Object... arguments) {
        Object[] args = arguments == null ? new Object[0] : arguments;
        return call(bind(resolve(method, args.length), args.length, CallKind.SYNC), args);
    }

    @Override
    public Object invoke(String method, List<String> parameterTypes, Object... arguments) {
        Object[] args = arguments == null ? new Object[0] : arguments;
        if (parameterTypes.size() != args.length) {
            throw new IllegalArgumentException(parameterTypes.size() + " parameter types for " + args.length
                    + " arguments");
        }
        String key = Objects.requireNonNull(method, "method") + "(" + String.join(",", parameterTypes) + ")";
        return call(bind(key, args.length, CallKind.SYNC), args);
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletableFuture<Object> invokeAsync(String method, Object... arguments) {
        Object[] args = arguments == null ? new Object[0] : arguments;
        Bound b;
        try {
            b = bind(resolve(method, args.length), args.length, CallKind.ASYNC);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return (CompletableFuture<Object>) call(b, args);
    }

    private Object call(Bound b, Object[] arguments) {
        Object[] generic = new Object[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            // Whatever the caller passed (records, objects) travels as plain values; the provider types them.
            generic[i] = GenericValues.toGeneric(arguments[i]);
        }
        try {
            return b.invoker().invoke(b.method(), generic);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            // Without the interface no checked exception is declared: the provider's is REMOTE_ERROR already.
            throw new RpcException(RpcException.Code.REMOTE_ERROR, t.toString(), t);
        }
    }

    private Bound bind(String methodKey, int arity, CallKind kind) {
        String signature = service.name() + ":" + service.version() + "#" + methodKey;
        return bound.computeIfAbsent(signature + "/" + kind, k -> {
            MethodDescriptor method = MethodDescriptor.generic(signature, arity, kind, serializer);
            return new Bound(method, invokers.apply(method));
        });
    }

    /** Finds the one published method called {@code name} with {@code arity} parameters. */
    private String resolve(String name, int arity) {
        Objects.requireNonNull(name, "method");
        Set<String> keys = directory.methodKeys();
        if (keys.isEmpty()) {
            // Either no provider yet, or fixed addresses: which one decides the message.
            directory.candidates(MethodDescriptor.generic(service.name() + ":" + service.version() + "#" + name
                    + "()", 0, CallKind.SYNC, serializer));
            throw new IllegalArgumentException("the signature of " + name + " is unknown without a registry; give"
                    + " its parameter types: invoke(\"" + name + "\", List.of(\"java.lang.String\", ...), ...)");
        }
        List<String> sameName = new ArrayList<>();
        List<String> matches = new ArrayList<>();
        for (String key : keys) {
            if (key.startsWith(name + "(")) {
                sameName.add(key);
                if (parameterCount(key) == arity) {
                    matches.add(key);
                }
            }
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            throw new IllegalArgumentException(service + " has no method " + name + " with " + arity + " parameter"
                    + (arity == 1 ? "" : "s") + (sameName.isEmpty() ? "; its methods: " + keys : "; it has " + sameName));
        }
        throw new IllegalArgumentException(service + " has several methods " + name + " with " + arity
                + " parameters, " + matches + "; give the parameter types");
    }

    /** Counts the top-level parameters of {@code method(a,b<c,d>)}. */
    static int parameterCount(String methodKey) {
        String params = methodKey.substring(methodKey.indexOf('(') + 1, methodKey.length() - 1);
        if (params.isBlank()) {
            return 0;
        }
        int depth = 0;
        int count = 1;
        for (int i = 0; i < params.length(); i++) {
            char c = params.charAt(i);
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                count++;
            }
        }
        return count;
    }
}
