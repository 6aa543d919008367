/**
 * Ferry under the shared load driver, and the exact request and response bodies Ferry puts on the wire for each
 * operation, which the raw-Netty ceiling and the microbenchmarks reuse so that every peer moves the same bytes.
 */
package io.ferryrpc.benchmark.ferry;
