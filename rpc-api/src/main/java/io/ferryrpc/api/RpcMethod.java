package io.ferryrpc.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets the call policy of one method of an {@link RpcService} interface; methods without it use the defaults.
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RpcMethod {

    /** Value of {@link #timeoutMillis()} meaning "use the client's default timeout". */
    long DEFAULT_TIMEOUT = -1;

    /** Value of {@link #retries()} meaning "use the client's default retry count". */
    int DEFAULT_RETRIES = -1;

    /**
     * The time the caller waits for an answer, in milliseconds; the same deadline travels to the provider, which
     * drops the call if it expires before the method starts.
     */
    long timeoutMillis() default DEFAULT_TIMEOUT;

    /**
     * How many times a failed call may be retried on another provider; retries never extend the deadline and
     * only happen where the call certainly did not run, or the method is {@link #idempotent()}.
     */
    int retries() default DEFAULT_RETRIES;

    /** Whether running the method twice has the same effect as running it once, which makes timeouts retriable. */
    boolean idempotent() default false;

    /** Send the call and do not wait for an answer; only for methods returning {@code void}. */
    boolean oneway() default false;

    /**
     * The load balancer for this method by name ({@code random}, {@code roundrobin}, {@code leastactive},
     * {@code consistenthash}, {@code p2c}); empty means the client's default.
     */
    String loadBalancer() default "";

    /** What happens when a call fails; {@link ClusterMode#DEFAULT} means the client's setting. */
    ClusterMode cluster() default ClusterMode.DEFAULT;
}
