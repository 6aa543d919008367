package io.ferryrpc.core.spi;

import java.util.Map;
import java.util.Objects;

/**
 * What a provider publishes about one exported service: where it listens and which methods it has.
 *
 * @param service the service
 * @param host the advertised host (never a wildcard address)
 * @param port the port
 * @param weight the relative share of traffic this provider asks for
 * @param serializerId the serializer it speaks
 * @param application the provider's application name
 * @param startTimeMillis when the provider started, in epoch milliseconds
 * @param callIds the call-ID table: canonical method signature to call ID
 * @param descriptionDigest the digest under which the service's description (methods and type shapes, as JSON)
 *     is published in the registry, see {@link Registry#description}; empty if none was published
 */
public record ProviderInfo(
        ServiceKey service,
        String host,
        int port,
        int weight,
        byte serializerId,
        String application,
        long startTimeMillis,
        Map<String, Integer> callIds,
        String descriptionDigest) {

    /** Validates and copies the components. */
    public ProviderInfo {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(descriptionDigest, "descriptionDigest");
        callIds = Map.copyOf(callIds);
    }

    /** Creates a record without a published description. */
    public ProviderInfo(ServiceKey service, String host, int port, int weight, byte serializerId, String application,
            long startTimeMillis, Map<String, Integer> callIds) {
        this(service, host, port, weight, serializerId, application, startTimeMillis, callIds, "");
    }

    /** Returns {@code host:port}. */
    public String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
