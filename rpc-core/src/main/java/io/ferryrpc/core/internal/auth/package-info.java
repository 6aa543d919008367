/**
 * Consumer credentials on the wire and the provider filter that checks them. Internal: anything here may change
 * without notice; the public entry points are {@link io.ferryrpc.core.Credentials} and
 * {@link io.ferryrpc.core.Authentication}.
 */
package io.ferryrpc.core.internal.auth;
