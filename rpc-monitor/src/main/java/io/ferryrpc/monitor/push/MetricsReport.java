package io.ferryrpc.monitor.push;

import java.util.List;

/**
 * One push of a node to the monitor center: the intervals the center has not confirmed yet, oldest first.
 *
 * @param nodeId a random id of the reporting node, new every time it starts
 * @param application the node's application name
 * @param host the node's host
 * @param pid the node's process id
 * @param layout the id of the latency bucket layout of every histogram in the report
 * @param intervals the intervals not yet confirmed, oldest first
 */
public record MetricsReport(String nodeId, String application, String host, long pid, int layout,
        List<ReportInterval> intervals) {}
