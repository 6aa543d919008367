/**
 * Internal: Ferry's Protostuff-based serialization engine, the implementation of
 * {@link io.ferryrpc.core.spi.SerializerFactory} with id {@code 1} ({@code "protostuff"}).
 *
 * <p>Values are written in Protostuff's wire format (nested messages as groups), with schemas that Ferry builds
 * itself from <em>declared</em> {@link java.lang.reflect.Type}s instead of Protostuff's runtime schemas, so that
 * values round-trip exactly (empty collections stay empty, {@code BigDecimal} keeps its scale, {@code ZonedDateTime}
 * its zone) and no class named in the bytes is loaded unless it is allowed.
 *
 * <p>This package is not API: its classes may change or disappear in any release. Use the
 * {@link io.ferryrpc.core.spi} interfaces instead.
 */
package io.ferryrpc.core.internal.serialize;
