/**
 * Running calls: the provider's bounded dispatch of requests to service methods, and the consumer's pending calls
 * with their deadlines. Internal: anything here may change without notice.
 */
package io.ferryrpc.core.internal.invoke;
