/**
 * How calls are recorded: series found without locks or allocation, Micrometer timers and Ferry's own cumulative
 * histograms in one shared bucket layout, which the reporter turns into pushes. Internal: free to change.
 */
package io.ferryrpc.monitor.internal;
