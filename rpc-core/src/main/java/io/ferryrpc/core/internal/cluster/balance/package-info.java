/** The built-in load balancers behind {@link io.ferryrpc.core.spi.LoadBalancer}'s factories. Internal. */
package io.ferryrpc.core.internal.cluster.balance;
