/** The apache/dubbo-benchmark workload that every peer serves and calls. */
package io.ferryrpc.benchmark.workload;
