package io.ferryrpc.core.internal.descriptor;

import io.ferryrpc.core.spi.ServiceKey;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** A method of an exported service bound to its implementation, ready to be invoked with decoded arguments. */
public final class ProviderMethod {

    private static final MethodType INVOKER_TYPE = MethodType.methodType(Object.class, Object[].class);

    private final MethodDescriptor descriptor;
    private final ServiceKey service;
    private final MethodHandle invoker;

    /** Binds {@code descriptor}, a method of {@code service}, to {@code implementation}. */
    public ProviderMethod(ServiceKey service, MethodDescriptor descriptor, Object implementation) {
        this.descriptor = descriptor;
        this.service = service;
        try {
            descriptor.method().setAccessible(true);
            int arity = descriptor.method().getParameterCount();
            this.invoker = MethodHandles.lookup().unreflect(descriptor.method())
                    .bindTo(implementation)
                    .asSpreader(Object[].class, arity)
                    .asType(INVOKER_TYPE);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalArgumentException("cannot bind " + descriptor + " to "
                    + implementation.getClass().getName(), e);
        }
    }

    /** Returns the method's descriptor. */
    public MethodDescriptor descriptor() {
        return descriptor;
    }

    /** Returns the service the method belongs to. */
    public ServiceKey service() {
        return service;
    }

    /** Invokes the implementation; whatever the method throws is thrown as is. */
    public Object invoke(Object[] arguments) throws Throwable {
        return (Object) invoker.invokeExact(arguments);
    }
}
