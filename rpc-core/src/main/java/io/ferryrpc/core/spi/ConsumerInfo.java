package io.ferryrpc.core.spi;

import java.util.Objects;

/**
 * What a consumer publishes about itself for one service it calls, for the monitor's topology view.
 *
 * @param service the service called
 * @param host the consumer's host
 * @param pid the consumer's process id
 * @param application the consumer's application name
 * @param startTimeMillis when the consumer subscribed, in epoch milliseconds
 */
public record ConsumerInfo(ServiceKey service, String host, long pid, String application, long startTimeMillis) {

    /** Validates the components. */
    public ConsumerInfo {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(application, "application");
    }

    /**
     * Returns {@code host:pid:application}, which names the consumer's node: one process may hold clients of several
     * applications (a gateway, say, or tests), and each is a consumer of its own.
     */
    public String id() {
        return host + ":" + pid + ":" + application;
    }
}
