package io.ferryrpc.core.internal.codec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;

/**
 * Creates instances of classes that have no no-arg constructor, without running any constructor, through
 * {@code sun.misc.Unsafe} (module jdk.unsupported), looked up reflectively so the build needs no internal API.
 */
final class UnsafeAllocator {

    private static final MethodHandle ALLOCATE = load();

    private UnsafeAllocator() {}

    private static MethodHandle load() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field f = unsafeClass.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return MethodHandles.lookup()
                    .findVirtual(unsafeClass, "allocateInstance", MethodType.methodType(Object.class, Class.class))
                    .bindTo(f.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    static Object allocate(Class<?> type) throws InstantiationException {
        if (ALLOCATE == null) {
            throw new InstantiationException(type.getName() + " has no no-arg constructor and sun.misc.Unsafe is "
                    + "not available");
        }
        try {
            return (Object) ALLOCATE.invokeExact(type);
        } catch (InstantiationException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
