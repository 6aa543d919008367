/**
 * The ZooKeeper registry for Ferry: {@code RpcServer.builder().registry("zookeeper://127.0.0.1:2181")} publishes
 * providers, {@code RpcClient.builder().registry(...)} follows them. {@link io.ferryrpc.registry.zookeeper.ZooKeeperAddress}
 * builds such addresses with typed options; {@link io.ferryrpc.registry.zookeeper.EmbeddedZooKeeper} runs a real
 * ZooKeeper server inside the process for development and demos.
 *
 * <p>Layout (under the optional chroot):
 * <pre>
 * /ferry/services/&lt;service&gt;:&lt;version&gt;[:&lt;group&gt;]/providers/&lt;host:port&gt;   ephemeral, provider record
 * /ferry/services/&lt;service&gt;:&lt;version&gt;[:&lt;group&gt;]/consumers/&lt;host:pid&gt;    ephemeral, consumer record
 * </pre>
 */
package io.ferryrpc.registry.zookeeper;
