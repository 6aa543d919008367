/**
 * What Ferry knows about a service interface: its key, its methods, their call IDs and call policies, and the
 * provider's call-ID table. Internal: anything here may change without notice.
 */
package io.ferryrpc.core.internal.descriptor;
