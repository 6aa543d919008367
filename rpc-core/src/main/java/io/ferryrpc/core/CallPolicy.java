package io.ferryrpc.core;

import io.ferryrpc.api.ClusterMode;
import io.ferryrpc.core.spi.LoadBalancer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How calls are made: timeout, retries, idempotency, load balancer, cluster mode and forks. Every setting is
 * optional; an unset one is inherited. For each setting the first that sets it wins: the client's policy for the
 * method ({@link ServiceOptions.Builder#method}), the client's policy for the service
 * ({@link ServiceOptions.Builder#policy}), the method's {@code @RpcMethod}, the client's defaults.
 *
 * <pre>{@code
 * RpcClient.builder().service(PaymentService.class, ServiceOptions.builder()
 *         .policy(CallPolicy.builder().timeout(Duration.ofSeconds(1)).build())
 *         .method("query", CallPolicy.builder().idempotent(true).retries(2).build())
 *         .build())
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class CallPolicy {

    private static final CallPolicy EMPTY = new Builder().build();

    private final Duration timeout;
    private final Integer retries;
    private final Boolean idempotent;
    private final LoadBalancer loadBalancer;
    private final ClusterMode cluster;
    private final Integer forks;

    private CallPolicy(Builder b) {
        this.timeout = b.timeout;
        this.retries = b.retries;
        this.idempotent = b.idempotent;
        this.loadBalancer = b.loadBalancer;
        this.cluster = b.cluster;
        this.forks = b.forks;
    }

    /** Returns a policy that sets nothing. */
    public static CallPolicy inherit() {
        return EMPTY;
    }

    /** Returns a new builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the timeout, if set. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** Returns the retry count, if set. */
    public Optional<Integer> retries() {
        return Optional.ofNullable(retries);
    }

    /** Returns whether calls are idempotent, if set. */
    public Optional<Boolean> idempotent() {
        return Optional.ofNullable(idempotent);
    }

    /** Returns the load balancer, if set. */
    public Optional<LoadBalancer> loadBalancer() {
        return Optional.ofNullable(loadBalancer);
    }

    /** Returns the cluster mode, if set (never {@link ClusterMode#DEFAULT}). */
    public Optional<ClusterMode> cluster() {
        return Optional.ofNullable(cluster);
    }

    /** Returns how many providers a {@link ClusterMode#FORKING} call goes to, if set. */
    public Optional<Integer> forks() {
        return Optional.ofNullable(forks);
    }

    /** Builds a {@link CallPolicy}; not thread-safe. */
    public static final class Builder {
        private Duration timeout;
        private Integer retries;
        private Boolean idempotent;
        private LoadBalancer loadBalancer;
        private ClusterMode cluster;
        private Integer forks;

        private Builder() {}

        /** The time a caller waits for an answer, shared by all attempts of a call. */
        public Builder timeout(Duration timeout) {
            this.timeout = RpcServer.Builder.positive(timeout, "timeout");
            return this;
        }

        /** How many more attempts a failed call may get (see {@link ClusterMode#FAILOVER}). */
        public Builder retries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries: " + retries + " (expected: >= 0)");
            }
            this.retries = retries;
            return this;
        }

        /** Whether running a call twice is harmless, which lets timeouts and broken connections be retried. */
        public Builder idempotent(boolean idempotent) {
            this.idempotent = idempotent;
            return this;
        }

        /** The load balancer. */
        public Builder loadBalancer(LoadBalancer loadBalancer) {
            this.loadBalancer = Objects.requireNonNull(loadBalancer, "loadBalancer");
            return this;
        }

        /** The cluster mode; {@link ClusterMode#DEFAULT} unsets it. */
        public Builder cluster(ClusterMode cluster) {
            this.cluster = Objects.requireNonNull(cluster, "cluster") == ClusterMode.DEFAULT ? null : cluster;
            return this;
        }

        /** How many providers a forking call goes to at once (at least 2). */
        public Builder forks(int forks) {
            if (forks < 2) {
                throw new IllegalArgumentException("forks: " + forks + " (expected: >= 2)");
            }
            this.forks = forks;
            return this;
        }

        /** Returns the policy. */
        public CallPolicy build() {
            return new CallPolicy(this);
        }
    }
}
