/**
 * Test support shared by every module through rpc-core's test-jar: Netty leak reports turned into test failures,
 * and helpers to start providers (in this JVM or another one) on ephemeral loopback ports.
 */
package io.ferryrpc.core.testing;
