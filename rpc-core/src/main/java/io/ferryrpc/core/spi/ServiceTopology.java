package io.ferryrpc.core.spi;

import java.util.List;
import java.util.Objects;

/**
 * Who provides and who consumes one service, as a registry knows it; for monitoring tools.
 *
 * @param service the service
 * @param providers its providers
 * @param consumers its consumers
 */
public record ServiceTopology(ServiceKey service, List<ProviderInfo> providers, List<ConsumerInfo> consumers) {

    /** Validates and copies the components. */
    public ServiceTopology {
        Objects.requireNonNull(service, "service");
        providers = List.copyOf(providers);
        consumers = List.copyOf(consumers);
    }
}
