package io.ferryrpc.core.internal.proxy;

import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.descriptor.ServiceDescriptor;
import io.ferryrpc.core.internal.invoke.ConsumerInvoker;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The invocation handler behind a service proxy: methods of {@code Object} and default methods run locally, every
 * other method is looked up in the pre-built {@link ServiceDescriptor} and sent.
 */
public final class ServiceProxy implements InvocationHandler {

    private final ServiceDescriptor service;
    private final ConsumerInvoker invoker;
    private final String description;

    private ServiceProxy(ServiceDescriptor service, ConsumerInvoker invoker, String description) {
        this.service = service;
        this.invoker = invoker;
        this.description = description;
    }

    /** Returns a proxy implementing {@code type} whose calls go through {@code invoker}. */
    public static <T> T create(Class<T> type, ServiceDescriptor service, ConsumerInvoker invoker, String target) {
        ServiceProxy handler = new ServiceProxy(service, invoker, "FerryProxy[" + service.key() + " -> " + target + "]");
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> description;
                default -> throw new UnsupportedOperationException(method.toString());
            };
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        MethodDescriptor descriptor = service.method(method);
        if (descriptor == null) {
            throw new UnsupportedOperationException(method + " is not a remote method of " + service.key());
        }
        return invoker.invoke(descriptor, args);
    }
}
