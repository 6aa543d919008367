package io.ferryrpc.core.internal.descriptor;

import io.ferryrpc.api.ClusterMode;
import io.ferryrpc.api.RpcMethod;
import io.ferryrpc.core.spi.Serializer;
import io.ferryrpc.core.spi.TupleCodec;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;

/**
 * One remotely callable method: its signature, call ID, call policy and the codecs of its arguments and result,
 * built once when a service is exported or proxied.
 */
public final class MethodDescriptor {

    private final Method method;
    private final String signature;
    private final int callId;
    private final CallKind kind;
    private final Type resultType;
    private final long timeoutMillis;
    private final int retries;
    private final boolean idempotent;
    private final String loadBalancer;
    private final ClusterMode cluster;
    private final TupleCodec argumentCodec;
    private final TupleCodec resultCodec;
    /** How arguments and the result travel in a generic call: the values of {@code Object}s, converted after. */
    private final TupleCodec genericArgumentCodec;
    private final TupleCodec genericResultCodec;
    private final boolean generic;
    private final String name;

    MethodDescriptor(String serviceName, String version, Method method, Serializer serializer) {
        this.method = method;
        this.name = method.getName();
        this.generic = false;
        this.signature = CallIds.signature(serviceName, version, method);
        this.callId = CallIds.of(signature);
        if (method.getTypeParameters().length > 0) {
            throw new IllegalArgumentException("generic methods cannot be called remotely: " + signature);
        }
        RpcMethod policy = method.getAnnotation(RpcMethod.class);
        this.timeoutMillis = policy == null ? RpcMethod.DEFAULT_TIMEOUT : policy.timeoutMillis();
        this.retries = policy == null ? RpcMethod.DEFAULT_RETRIES : policy.retries();
        this.idempotent = policy != null && policy.idempotent();
        this.loadBalancer = policy == null ? "" : policy.loadBalancer();
        this.cluster = policy == null ? ClusterMode.DEFAULT : policy.cluster();
        Class<?> returnType = method.getReturnType();
        if (policy != null && policy.oneway()) {
            if (returnType != void.class) {
                throw new IllegalArgumentException("a one-way method must return void: " + signature);
            }
            this.kind = CallKind.ONEWAY;
            this.resultType = void.class;
        } else if (returnType == CompletableFuture.class) {
            this.kind = CallKind.ASYNC;
            Type generic = method.getGenericReturnType();
            this.resultType = generic instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
        } else {
            this.kind = CallKind.SYNC;
            this.resultType = method.getGenericReturnType();
        }
        try {
            this.argumentCodec = serializer.tupleCodec(method.getGenericParameterTypes());
            this.resultCodec = serializer.tupleCodec(resultType);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "\n    for method " + signature, e);
        }
        this.genericArgumentCodec = objects(serializer, method.getParameterCount());
        this.genericResultCodec = objects(serializer, 1);
    }

    /** A generic call's descriptor: a signature only, arguments and result as generic values. */
    private MethodDescriptor(String signature, int arity, CallKind kind, Serializer serializer) {
        this.method = null;
        this.signature = signature;
        this.callId = CallIds.of(signature);
        this.name = signature.substring(signature.indexOf('#') + 1, signature.indexOf('('));
        this.generic = true;
        this.kind = kind;
        this.resultType = Object.class;
        this.timeoutMillis = RpcMethod.DEFAULT_TIMEOUT;
        this.retries = RpcMethod.DEFAULT_RETRIES;
        this.idempotent = false;
        this.loadBalancer = "";
        this.cluster = ClusterMode.DEFAULT;
        this.genericArgumentCodec = objects(serializer, arity);
        this.genericResultCodec = objects(serializer, 1);
        this.argumentCodec = genericArgumentCodec;
        this.resultCodec = genericResultCodec;
    }

    /**
     * Returns the descriptor of a generic call of the method with {@code signature} (as in the provider's call-ID
     * table), taking {@code arity} arguments, synchronous or asynchronous as {@code kind} says.
     *
     * @throws IllegalArgumentException if the signature is not {@code service:version#method(types)}
     */
    public static MethodDescriptor generic(String signature, int arity, CallKind kind, Serializer serializer) {
        int hash = signature.indexOf('#');
        int open = signature.indexOf('(', hash + 1);
        if (hash <= 0 || open <= hash + 1 || !signature.endsWith(")")) {
            throw new IllegalArgumentException("signature: " + signature + " (expected: service:version#method(types))");
        }
        return new MethodDescriptor(signature, arity, kind, serializer);
    }

    private static TupleCodec objects(Serializer serializer, int n) {
        Type[] types = new Type[n];
        java.util.Arrays.fill(types, Object.class);
        return serializer.tupleCodec(types);
    }

    /** Returns the interface method; {@code null} for a {@linkplain #generic() generic} descriptor. */
    public Method method() {
        return method;
    }

    /** Returns the method's name. */
    public String name() {
        return name;
    }

    /** Returns whether this describes a generic call: no interface, arguments and result as generic values. */
    public boolean generic() {
        return generic;
    }

    /** Returns the class whose loader resolves the exceptions the method may throw. */
    public Class<?> owner() {
        return method != null ? method.getDeclaringClass() : MethodDescriptor.class;
    }

    /** Returns the class of what the proxy returns, for the zero value a failsafe call returns. */
    public Class<?> returnClass() {
        return method != null ? method.getReturnType() : Object.class;
    }

    /** Returns the codec of the arguments of a generic call to this method: one {@code Object} per parameter. */
    public TupleCodec genericArgumentCodec() {
        return genericArgumentCodec;
    }

    /** Returns the codec of the result of a generic call to this method: one {@code Object}. */
    public TupleCodec genericResultCodec() {
        return genericResultCodec;
    }

    /** Returns the canonical signature the call ID is derived from. */
    public String signature() {
        return signature;
    }

    /** Returns the call ID. */
    public int callId() {
        return callId;
    }

    /** Returns how the result reaches the caller. */
    public CallKind kind() {
        return kind;
    }

    /** Returns the type of the result the caller gets: the future's value type for an asynchronous method. */
    public Type resultType() {
        return resultType;
    }

    /** Returns the timeout from {@link RpcMethod}, or {@link RpcMethod#DEFAULT_TIMEOUT}. */
    public long timeoutMillis() {
        return timeoutMillis;
    }

    /** Returns the retry count from {@link RpcMethod}, or {@link RpcMethod#DEFAULT_RETRIES}. */
    public int retries() {
        return retries;
    }

    /** Returns whether the method is marked idempotent. */
    public boolean idempotent() {
        return idempotent;
    }

    /** Returns the name of the method's load balancer from {@link RpcMethod}, empty for the client's default. */
    public String loadBalancer() {
        return loadBalancer;
    }

    /** Returns the cluster mode from {@link RpcMethod}, {@link ClusterMode#DEFAULT} if not set. */
    public ClusterMode cluster() {
        return cluster;
    }

    /** Returns the part of the signature after the service and version, {@code method(params)}. */
    public String methodKey() {
        return signature.substring(signature.indexOf('#') + 1);
    }

    /** Returns the codec of the argument tuple. */
    public TupleCodec argumentCodec() {
        return argumentCodec;
    }

    /** Returns the codec of the one-element result tuple. */
    public TupleCodec resultCodec() {
        return resultCodec;
    }

    /** Returns whether {@code type} may be re-thrown to the caller as itself: declared, or a RuntimeException. */
    public boolean mayThrow(Class<?> type) {
        if (RuntimeException.class.isAssignableFrom(type)) {
            return true;
        }
        if (method == null) {
            return false;
        }
        // An Error (OutOfMemoryError, StackOverflowError...) from another JVM is only re-thrown if declared.
        for (Class<?> declared : method.getExceptionTypes()) {
            if (declared.isAssignableFrom(type)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return signature + " [" + CallIds.format(callId) + "]";
    }
}
