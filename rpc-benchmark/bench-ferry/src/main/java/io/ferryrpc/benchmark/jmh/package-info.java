/**
 * JMH microbenchmarks of Ferry's per-call costs: framing, serialization, proxy dispatch, and a full round trip over
 * 127.0.0.1 beside the raw-Netty ceiling. Run them with {@code rpc-benchmark/jmh.sh}; {@code -prof gc} gives the
 * bytes allocated per call.
 */
package io.ferryrpc.benchmark.jmh;
