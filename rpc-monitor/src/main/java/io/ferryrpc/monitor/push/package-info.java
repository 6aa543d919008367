/**
 * The contract between reporters and the monitor center: {@link io.ferryrpc.monitor.push.MonitorService} and the
 * records it carries, cumulative and per-interval latency histograms in a shared bucket layout.
 */
package io.ferryrpc.monitor.push;
