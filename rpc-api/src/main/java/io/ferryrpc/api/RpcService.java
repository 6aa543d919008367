package io.ferryrpc.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface as a Ferry service that providers export and consumers call through a proxy.
 *
 * <p>The service key is {@code name:version[:group]}. Every method's call ID is derived from the name, the version,
 * the method name and the parameter types, so a consumer and a provider agree on IDs exactly when they agree on
 * those four things.
 *
 * <pre>{@code
 * @RpcService(version = "1.0")
 * public interface PaymentService {
 *     PaymentResult pay(PaymentRequest request) throws InsufficientFundsException;
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RpcService {

    /** The service name; empty means the interface's fully qualified name. */
    String name() default "";

    /**
     * The service version; consumers only call providers of the same version. A consumer may ask for
     * {@code "*"} to call providers of any version.
     */
    String version() default "1.0";

    /** An optional group that separates several deployments of the same service and version. */
    String group() default "";
}
