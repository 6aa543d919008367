/**
 * Extension points of Ferry, found with {@link java.util.ServiceLoader}: serializers and registries.
 *
 * <p>Implementations must be thread-safe; each is described by the Javadoc of its interface.
 */
package io.ferryrpc.core.spi;
