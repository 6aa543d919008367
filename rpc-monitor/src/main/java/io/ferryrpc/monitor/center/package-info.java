/**
 * The monitor center: {@link io.ferryrpc.monitor.center.MonitorCenter} to embed and
 * {@link io.ferryrpc.monitor.center.MonitorCenterMain} to run.
 */
package io.ferryrpc.monitor.center;
