package io.ferryrpc.core;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A client's settings for one service, overriding the interface's annotations without touching it: the version and
 * group to call ({@code "*"} as version calls any), a policy for all its methods, and policies for single methods
 * (by name; overloads share one).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ServiceOptions {

    private static final ServiceOptions NONE = new Builder().build();

    private final String version;
    private final String group;
    private final CallPolicy policy;
    private final Map<String, CallPolicy> methods;

    private ServiceOptions(Builder b) {
        this.version = b.version;
        this.group = b.group;
        this.policy = b.policy;
        this.methods = Map.copyOf(b.methods);
    }

    /** Returns options that override nothing. */
    public static ServiceOptions none() {
        return NONE;
    }

    /** Returns a new builder that overrides nothing. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the version to call, if overridden. */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    /** Returns the group to call, if overridden. */
    public Optional<String> group() {
        return Optional.ofNullable(group);
    }

    /** Returns the policy of all methods of the service. */
    public CallPolicy policy() {
        return policy;
    }

    /** Returns the policy of the methods named {@code name}. */
    public CallPolicy method(String name) {
        return methods.getOrDefault(name, CallPolicy.inherit());
    }

    /** Builds {@link ServiceOptions}; not thread-safe. */
    public static final class Builder {
        private String version;
        private String group;
        private CallPolicy policy = CallPolicy.inherit();
        private final Map<String, CallPolicy> methods = new HashMap<>();

        private Builder() {}

        /** The version of the providers to call; {@code "*"} for any. */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** The group of the providers to call. */
        public Builder group(String group) {
            this.group = Objects.requireNonNull(group, "group");
            return this;
        }

        /** The policy of every method of the service (a method's own policy takes precedence). */
        public Builder policy(CallPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The policy of the methods named {@code name}, above the method's {@code @RpcMethod}. */
        public Builder method(String name, CallPolicy policy) {
            methods.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /** Returns the options. */
        public ServiceOptions build() {
            return new ServiceOptions(this);
        }
    }
}
