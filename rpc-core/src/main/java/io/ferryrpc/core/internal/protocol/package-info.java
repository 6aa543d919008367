/**
 * Ferry's binary frame: header layout, message types, the length-checking decoder and the body layouts of requests
 * and responses. Internal: anything here may change without notice; {@code docs/protocol.md} is the contract.
 */
package io.ferryrpc.core.internal.protocol;
