/**
 * The consumer's cluster layer: resolved per-method call policies, outlier ejection, and the strategies for
 * failed calls. Internal: anything here may change without notice.
 */
package io.ferryrpc.core.internal.cluster;
