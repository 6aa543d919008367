/**
 * The types a service interface needs to become remotely callable: {@link io.ferryrpc.api.RpcService},
 * {@link io.ferryrpc.api.RpcMethod} and the one exception type every failed remote call raises,
 * {@link io.ferryrpc.api.RpcException}.
 *
 * <p>This package has no third-party dependencies, so an interface module that only declares services stays light.
 */
package io.ferryrpc.api;
