/**
 * Service registries for Ferry: providers publish their addresses and call-ID tables, consumers subscribe to them.
 *
 * <p>The ZooKeeper implementation of {@code io.ferryrpc.core.spi.RegistryFactory} arrives with the registry issue;
 * until then this module only pins the Curator and ZooKeeper versions it will use.
 */
package io.ferryrpc.registry;
