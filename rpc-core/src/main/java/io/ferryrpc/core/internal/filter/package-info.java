/** Running {@link io.ferryrpc.core.spi.Filter}s around calls. Internal: anything here may change without notice. */
package io.ferryrpc.core.internal.filter;
