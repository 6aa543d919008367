/**
 * What every machine of the shop shares: command-line options, the readable flow log on standard output, and a
 * provider node (an {@code RpcServer} with metrics, a monitor reporter and a graceful stop).
 */
package io.ferryrpc.examples.shop.node;
