/**
 * Netty plumbing for both sides: event loops (epoll where available), the server's channel handler and the
 * client's multiplexed connections with their pending requests. Internal: anything here may change without notice.
 */
package io.ferryrpc.core.internal.transport;
