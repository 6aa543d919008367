/**
 * Finding SPI implementations (serializers, registries) with {@link java.util.ServiceLoader}. Internal: anything
 * here may change without notice.
 */
package io.ferryrpc.core.internal.spi;
