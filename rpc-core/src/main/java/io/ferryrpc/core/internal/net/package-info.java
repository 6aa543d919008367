/** Choosing the address a provider advertises. Internal: anything here may change without notice. */
package io.ferryrpc.core.internal.net;
