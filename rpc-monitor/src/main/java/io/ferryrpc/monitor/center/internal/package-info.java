/**
 * The monitor center's insides: the store that merges nodes' reports into totals and time slots, and the HTTP side
 * that renders them as Prometheus text, JSON and the dashboard. Internal: free to change.
 */
package io.ferryrpc.monitor.center.internal;
