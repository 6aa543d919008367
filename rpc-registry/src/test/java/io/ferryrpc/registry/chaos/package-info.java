/**
 * Chaos tests across real network boundaries: ZooKeeper, providers and a consumer each in a Linux network namespace
 * of their own, joined by a bridge, while the test cuts links and kills or pauses providers.
 */
package io.ferryrpc.registry.chaos;
