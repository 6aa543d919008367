/**
 * The provider-list propagation bench: how long a provider registering or leaving takes to reach 100 subscribed
 * consumers, each with its own ZooKeeper session, through Ferry's ZooKeeper registry.
 */
package io.ferryrpc.benchmark.registry;
