/**
 * Call metrics for Ferry: recording on both sides through Micrometer, reporting to a monitor center.
 *
 * <p>The recording filter and the monitor center arrive with the monitor issue; until then this module only pins
 * the Micrometer version it will use.
 */
package io.ferryrpc.monitor;
