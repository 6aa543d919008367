/**
 * TLS on Ferry's transport: PEM files read into keys and certificates, the Netty {@code SslContext} built from a
 * {@link io.ferryrpc.core.TlsConfig}, and the words that explain a failed handshake to the caller.
 */
package io.ferryrpc.core.internal.tls;
