/**
 * Ferry's entry points: {@link io.ferryrpc.core.RpcServer} exports service implementations,
 * {@link io.ferryrpc.core.RpcClient} creates proxies that call them.
 *
 * <pre>{@code
 * try (RpcServer server = RpcServer.builder().bindAddress("127.0.0.1").port(0).build()) {
 *     server.export(PaymentService.class, new PaymentServiceImpl());
 *     server.start();
 *     try (RpcClient client = RpcClient.builder().build()) {
 *         PaymentService payments = client.proxy(PaymentService.class, "127.0.0.1:" + server.port());
 *         payments.pay(request);
 *     }
 * }
 * }</pre>
 */
package io.ferryrpc.core;
