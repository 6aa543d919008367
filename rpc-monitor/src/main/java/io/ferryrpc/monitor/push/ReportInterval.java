package io.ferryrpc.monitor.push;

import java.util.List;

/**
 * One or more consecutive push intervals of a node: the series that changed in them. Intervals are numbered; a
 * reporter whose buffer is full folds the oldest two into one, which then spans several numbers.
 *
 * @param firstSequence the number of the first interval folded into this one
 * @param sequence the number of the last interval folded into this one
 * @param startMillis the start of the interval, epoch milliseconds on the node's clock
 * @param endMillis the end of the interval
 * @param series the series that changed
 */
public record ReportInterval(long firstSequence, long sequence, long startMillis, long endMillis,
        List<SeriesReport> series) {}
