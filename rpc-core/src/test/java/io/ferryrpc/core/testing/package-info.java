/**
 * Test support shared by every module through rpc-core's test-jar: Netty leak reports turned into test failures,
 * helpers to start providers (in this JVM or another one) on ephemeral loopback ports, and certificates for TLS
 * tests ({@link io.ferryrpc.core.testing.TestCertificates}).
 */
package io.ferryrpc.core.testing;
