/** JDK dynamic proxies over service interfaces. Internal: anything here may change without notice. */
package io.ferryrpc.core.internal.proxy;
