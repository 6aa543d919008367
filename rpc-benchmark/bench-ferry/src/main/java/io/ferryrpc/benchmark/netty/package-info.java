/**
 * The raw-Netty ceiling: the least any Netty-based RPC can do per call. Frames of {@code int length, long request
 * id, body} over one multiplexed connection; the server answers on the IO thread with canned bytes, without
 * deserializing anything; the bodies are byte for byte the ones Ferry sends.
 */
package io.ferryrpc.benchmark.netty;
