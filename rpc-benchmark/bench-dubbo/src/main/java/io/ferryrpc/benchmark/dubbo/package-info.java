/**
 * Apache Dubbo 3.3 as a peer of the benchmark: the dubbo protocol with its default Hessian2 serialization, reached by
 * a direct URL without a registry, on its own class path so that its Netty and Ferry's never meet.
 *
 * <p>Dubbo replaces a loopback host with the machine's first network address, so every JVM that loads this peer must
 * run in a network namespace that has only loopback up ({@code rpc-benchmark/netns-run.sh}); the peer refuses to
 * start anywhere else.
 */
package io.ferryrpc.benchmark.dubbo;
