/**
 * Ferry's JUnit 5 test kit: {@link io.ferryrpc.test.FerryExtension} starts an in-process ZooKeeper and the
 * providers a test declares, injects clients and proxies, and injects faults into providers.
 */
package io.ferryrpc.test;
