package io.ferryrpc.monitor.push;

/**
 * The center's answer to a push.
 *
 * @param appliedThrough the number of the last interval of the node the center holds; the node may forget every
 *     interval up to it
 */
public record PushAck(long appliedThrough) {}
