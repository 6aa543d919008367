/**
 * The HTTP/1.1 + JSON baseline, to measure the claim that RPC over TCP beats HTTP: Netty's HTTP codec and Jackson on
 * both sides, keep-alive connections, one request in flight per connection, real decoding into the workload's
 * objects.
 */
package io.ferryrpc.benchmark.http;
