/**
 * The Protostuff serializer: Protostuff's wire format with schemas that Ferry builds from declared Java types, so
 * values round-trip exactly and no class is loaded unless it is allowed. Internal: anything here may change without
 * notice; the encodings are documented in {@code docs/protocol.md}.
 */
package io.ferryrpc.core.internal.codec;
