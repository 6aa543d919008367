/**
 * Call metrics for Ferry: {@link io.ferryrpc.monitor.MetricsFilter} records every call on either side in a
 * Micrometer {@code MeterRegistry} the host application provides, with OpenTelemetry's RPC metric names, and
 * {@link io.ferryrpc.monitor.FerryMetrics} exposes the transport's own counters there too.
 */
package io.ferryrpc.monitor;
