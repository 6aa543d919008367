/** A service API with records, objects, inheritance, enums and generics, for the service description tests. */
package io.ferryrpc.registry.zookeeper.catalog;
