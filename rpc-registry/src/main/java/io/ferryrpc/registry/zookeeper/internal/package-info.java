/**
 * The ZooKeeper registry's machinery: node layout and codecs, registration that survives session loss, provider
 * watches on Curator's cache recipe, and the snapshot file. Internal: anything here may change without notice.
 */
package io.ferryrpc.registry.zookeeper.internal;
