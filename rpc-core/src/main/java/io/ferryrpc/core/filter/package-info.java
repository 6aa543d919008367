/**
 * Filters Ferry ships, ready to add with {@code RpcServer.Builder.filter} or {@code RpcClient.Builder.filter}: an
 * access log and per-method concurrency and rate limits. None is installed unless added.
 */
package io.ferryrpc.core.filter;
