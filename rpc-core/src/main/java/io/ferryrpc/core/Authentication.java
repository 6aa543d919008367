package io.ferryrpc.core;

import io.ferryrpc.api.RpcService;
import io.ferryrpc.core.internal.auth.AcceptedCredential;
import io.ferryrpc.core.internal.auth.AuthenticationFilter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a provider requires of its consumers: the credentials of each application it accepts and, per service, an
 * optional list of the applications that may call it; set with {@link RpcServer.Builder#authentication}.
 *
 * <p>A call without valid credentials of a known application, or from an application a service's allow list does
 * not name, is answered with {@code FORBIDDEN}: its arguments are not decoded and no service code runs. The check
 * is a provider {@link io.ferryrpc.core.spi.Filter} of order {@code Integer.MIN_VALUE + 2000}: it runs inside
 * {@code MetricsFilter} (which thus counts refused calls) and outside every other filter; a filter ordered before
 * it sees unauthenticated calls. After the check the invocation's attachments keep {@code ferry-app}, now
 * authenticated, and lose the token and signature.
 *
 * <pre>{@code
 * Authentication auth = Authentication.builder()
 *         .hmac("order-system", orderSecret)
 *         .token("reporting", reportingToken)
 *         .allowConsumers(PaymentService.class, "order-system")
 *         .build();
 * RpcServer server = RpcServer.builder().authentication(auth).build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Authentication {

    private final Map<String, AcceptedCredential> accepted;
    private final Map<String, Set<String>> allowLists;
    private final Duration clockSkew;
    private final int replayCacheSize;

    private Authentication(Builder b) {
        this.accepted = Map.copyOf(b.accepted);
        Map<String, Set<String>> lists = new LinkedHashMap<>();
        b.allowLists.forEach((service, apps) -> lists.put(service, Set.copyOf(apps)));
        this.allowLists = Map.copyOf(lists);
        this.clockSkew = b.clockSkew;
        this.replayCacheSize = b.replayCacheSize;
    }

    /** Returns a new builder: no application, clock skew 5 min, replay cache of 100,000 nonces, no allow lists. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the applications whose credentials are accepted. */
    public Set<String> applications() {
        return accepted.keySet();
    }

    /** Returns how far a signed call's timestamp may be from the provider's clock. */
    public Duration clockSkew() {
        return clockSkew;
    }

    /** Returns how many recent nonces are remembered to refuse replayed signed calls; 0 for none. */
    public int replayCacheSize() {
        return replayCacheSize;
    }

    AuthenticationFilter filter() {
        return new AuthenticationFilter(accepted, allowLists, clockSkew.toMillis(), replayCacheSize);
    }

    /** Names the applications, never their secrets. */
    @Override
    public String toString() {
        return "Authentication" + accepted.keySet() + (allowLists.isEmpty() ? "" : ", allow lists " + allowLists);
    }

    /** Builds an {@link Authentication}; not thread-safe. Every setter validates its argument at once. */
    public static final class Builder {
        private final Map<String, AcceptedCredential> accepted = new LinkedHashMap<>();
        private final Map<String, Set<String>> allowLists = new LinkedHashMap<>();
        private Duration clockSkew = Duration.ofMinutes(5);
        private int replayCacheSize = 100_000;

        private Builder() {}

        /**
         * Accepts calls of {@code application} that carry {@code token} ({@link Credentials#token}); only a
         * SHA-256 digest of it is kept, and it is compared in constant time.
         *
         * @throws IllegalArgumentException if the name is not valid, the token is empty, or the application was
         *     given credentials already
         */
        public Builder token(String application, String token) {
            Objects.requireNonNull(token, "token");
            if (token.isEmpty()) {
                throw new IllegalArgumentException("token: empty (expected: the token of " + application + ")");
            }
            return add(application, AcceptedCredential.token(token));
        }

        /**
         * Accepts calls of {@code application} signed with {@code secret} ({@link Credentials#hmac}).
         *
         * @throws IllegalArgumentException if the name is not valid, the secret is shorter than 16 bytes, or the
         *     application was given credentials already
         */
        public Builder hmac(String application, byte[] secret) {
            Credentials.checkSecret(secret);
            return add(application, AcceptedCredential.hmac(secret.clone()));
        }

        /** Accepts calls of {@code application} signed with the UTF-8 bytes of {@code secret}. */
        public Builder hmac(String application, String secret) {
            return hmac(application, Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
        }

        private Builder add(String application, AcceptedCredential credential) {
            Credentials.checkApplication(application);
            if (accepted.containsKey(application)) {
                throw new IllegalArgumentException("application \"" + application + "\" has credentials already");
            }
            accepted.put(application, credential);
            return this;
        }

        /**
         * Lets only {@code applications} call {@code service} (every version and group of it); services without a
         * list may be called by every authenticated application. Calling it again for a service adds to its list.
         *
         * @throws IllegalArgumentException if {@code service} is not an {@code @RpcService} interface or no
         *     application is given
         */
        public Builder allowConsumers(Class<?> service, String... applications) {
            Objects.requireNonNull(service, "service");
            RpcService annotation = service.getAnnotation(RpcService.class);
            if (!service.isInterface() || annotation == null) {
                throw new IllegalArgumentException(service.getName() + " is not an interface annotated with @RpcService");
            }
            if (applications.length == 0) {
                throw new IllegalArgumentException("applications: none (expected: at least one for "
                        + service.getName() + ")");
            }
            String name = annotation.name().isEmpty() ? service.getName() : annotation.name();
            Set<String> list = allowLists.computeIfAbsent(name, n -> new LinkedHashSet<>());
            for (String application : applications) {
                Credentials.checkApplication(application);
                list.add(application);
            }
            return this;
        }

        /** How far a signed call's timestamp may be from the provider's clock, either way; default 5 minutes. */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = RpcServer.Builder.positive(Objects.requireNonNull(clockSkew, "clockSkew"), "clockSkew");
            return this;
        }

        /**
         * How many nonces of recent signed calls are remembered, to refuse a call received twice; 0 turns replay
         * detection off. Default 100,000 (about 15 MB of heap when full). A replay is caught while its nonce is
         * still remembered: at more signed calls per clock-skew window than this, an older call could be replayed
         * within the window.
         */
        public Builder replayCacheSize(int replayCacheSize) {
            if (replayCacheSize < 0) {
                throw new IllegalArgumentException("replayCacheSize: " + replayCacheSize + " (expected: >= 0)");
            }
            this.replayCacheSize = replayCacheSize;
            return this;
        }

        /**
         * Returns the configuration.
         *
         * @throws IllegalArgumentException if no application was given credentials, or an allow list names an
         *     application without any
         */
        public Authentication build() {
            if (accepted.isEmpty()) {
                throw new IllegalArgumentException("no application has credentials (expected: at least one token(...)"
                        + " or hmac(...))");
            }
            allowLists.forEach((service, apps) -> {
                for (String app : apps) {
                    if (!accepted.containsKey(app)) {
                        throw new IllegalArgumentException("the allow list of " + service + " names \"" + app
                                + "\", which has no credentials");
                    }
                }
            });
            return new Authentication(this);
        }
    }
}
