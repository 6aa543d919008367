package io.ferryrpc.core.spi;

import java.util.Objects;

/**
 * Identifies a service in a registry: name, version and optional group, written {@code name:version[:group]}.
 *
 * @param name the service name (by default the interface's fully qualified name)
 * @param version the service version
 * @param group the group, empty for none
 */
public record ServiceKey(String name, String version, String group) {

    /** Validates the components. */
    public ServiceKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(group, "group");
    }

    @Override
    public String toString() {
        return group.isEmpty() ? name + ":" + version : name + ":" + version + ":" + group;
    }
}
