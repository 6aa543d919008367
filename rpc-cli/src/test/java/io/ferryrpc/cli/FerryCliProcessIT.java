package io.ferryrpc.cli;

import static io.ferryrpc.cli.FerryProcess.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.cli.FerryProcess.Run;
import io.ferryrpc.cli.fixtures.Warehouse;
import io.ferryrpc.cli.fixtures.WarehouseImpl;
import io.ferryrpc.core.RpcClient;
import io.ferryrpc.core.RpcServer;
import io.ferryrpc.core.internal.descriptor.CallIds;
import io.ferryrpc.registry.zookeeper.EmbeddedZooKeeper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@code ferry} tool run as a real process against an embedded ZooKeeper and a real provider. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FerryCliProcessIT {

    private static EmbeddedZooKeeper zk;
    private static RpcServer provider;
    private static final WarehouseImpl warehouse = new WarehouseImpl();
    private static RpcClient consumer;

    @BeforeAll
    static void start() {
        zk = EmbeddedZooKeeper.start();
        provider = RpcServer.builder().bindAddress("127.0.0.1").host("127.0.0.1").port(0).registry(zk.address())
                .applicationName("warehouse").unregisterGracePeriod(Duration.ZERO).build()
                .export(Warehouse.class, warehouse).start();
        consumer = RpcClient.builder().registry(zk.address()).applicationName("shop-front").build();
        consumer.proxy(Warehouse.class);
    }

    @AfterAll
    static void stop() {
        consumer.close();
        provider.close();
        zk.close();
    }

    @Test
    void lsListsTheServiceWithItsProviderAndConsumer() throws Exception {
        Run run = ferry("ls", "--registry", zk.address());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("shop.Warehouse:1.2  (1 provider, 1 consumer)")
                .contains("provider  127.0.0.1:" + provider.port())
                .contains("app=warehouse").contains("methods=2")
                .contains("app=shop-front");
        Run json = ferry("ls", "--json", "-r", zk.address());
        assertThat(json.exitCode()).isZero();
        assertThat(json.out()).contains("\"service\" : \"shop.Warehouse\"", "\"version\" : \"1.2\"");
    }

    @Test
    void describePrintsMethodsWithCallIdsAndTypeShapes() throws Exception {
        Run run = ferry("describe", "shop.Warehouse", "--registry", zk.address());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String lineId = CallIds.format(CallIds.of(CallIds.signature("shop.Warehouse", "1.2",
                Warehouse.class.getMethod("line", String.class))));
        assertThat(run.out())
                .contains("shop.Warehouse:1.2  (interface " + Warehouse.class.getName() + ")")
                .contains(lineId + "  " + Warehouse.Line.class.getName() + " line(java.lang.String sku) throws "
                        + Warehouse.NoSuchSkuException.class.getName() + "  [SYNC, idempotent, default timeout]")
                .contains("long store(java.util.List<" + Warehouse.Line.class.getName() + "> lines)")
                .contains(Warehouse.Line.class.getName() + " (record)")
                .contains("    1 sku: java.lang.String", "    2 quantity: int",
                        "    3 bin: " + Warehouse.Bin.class.getName())
                .contains("    2 shelf: int");
    }

    @Test
    void clearErrorsForUnknownServicesAndUnreachableRegistries() throws Exception {
        Run unknown = ferry("describe", "shop.Nothing", "--registry", zk.address());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("ferry: no service shop.Nothing in " + zk.address()
                + "; known: shop.Warehouse:1.2");

        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        long start = System.nanoTime();
        Run unreachable = ferry("ls", "--registry", "zookeeper://127.0.0.1:" + closedPort, "--timeout", "1s");
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.err()).contains("ferry: cannot reach the registry at zookeeper://127.0.0.1:"
                + closedPort);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));

        Run badAddress = ferry("ls", "--registry", "etcd://127.0.0.1:2379");
        assertThat(badAddress.exitCode()).isEqualTo(2);
        assertThat(badAddress.err()).contains("ferry: bad registry address etcd://127.0.0.1:2379");

        Run monitorDown = ferry("stats", "--monitor", "http://127.0.0.1:" + closedPort, "--timeout", "1s");
        assertThat(monitorDown.exitCode()).isEqualTo(1);
        assertThat(monitorDown.err()).contains("ferry: cannot reach the monitor center at http://127.0.0.1:"
                + closedPort);
    }

    @Test
    void callPerformsARealGenericCallAndPrintsJsonWithItsLatency() throws Exception {
        Run line = ferry("call", "shop.Warehouse.line", "[\"mug\"]", "--registry", zk.address());
        assertThat(line.exitCode()).as(line.err()).isZero();
        assertThat(line.out()).contains("\"sku\" : \"mug\"", "\"quantity\" : 7", "\"aisle\" : \"A\"",
                "\"shelf\" : 3");
        assertThat(line.err()).containsPattern("shop.Warehouse:1.2.line answered in \\d+\\.\\d\\d ms");

        Run store = ferry("call", "shop.Warehouse:1.2.store",
                "[[{\"sku\": \"cup\", \"quantity\": 5, \"bin\": {\"aisle\": \"B\", \"shelf\": 1}}]]",
                "-r", zk.address());
        assertThat(store.exitCode()).as(store.err()).isZero();
        assertThat(store.out().trim()).isEqualTo("12");

        Run thrown = ferry("call", "shop.Warehouse.line", "[\"nothing\"]", "-r", zk.address());
        assertThat(thrown.exitCode()).isEqualTo(1);
        assertThat(thrown.err()).contains("ferry: the call failed: REMOTE_ERROR")
                .contains("NoSuchSkuException: no SKU nothing");

        Run badJson = ferry("call", "shop.Warehouse.line", "[\"mug\"", "-r", zk.address());
        assertThat(badJson.exitCode()).isEqualTo(2);
        assertThat(badJson.err()).contains("ferry: bad JSON arguments:");

        Run wrongShape = ferry("call", "shop.Warehouse.store", "[[{\"sku\": \"cup\", \"class\": \"x\"}]]",
                "-r", zk.address());
        assertThat(wrongShape.exitCode()).isEqualTo(1);
        assertThat(wrongShape.err()).contains("SERIALIZATION").contains("no field class");

        Run noMethod = ferry("call", "shop.Warehouse.remove", "[\"mug\"]", "-r", zk.address());
        assertThat(noMethod.exitCode()).isEqualTo(2);
        assertThat(noMethod.err()).contains("has no method remove");
    }

    @Test
    void callSendsTheAttachmentsItIsGiven() throws Exception {
        Run traced = ferry("call", "shop.Warehouse.line", "[\"mug\"]", "-r", zk.address(),
                "-a", "trace-id=t-cli-1", "--attachment", "tenant=acme");
        assertThat(traced.exitCode()).as(traced.err()).isZero();
        assertThat(warehouse.attachmentsSeen.get(warehouse.attachmentsSeen.size() - 1))
                .containsEntry("trace-id", "t-cli-1").containsEntry("tenant", "acme");

        Run tooLong = ferry("call", "shop.Warehouse.line", "[\"mug\"]", "-r", zk.address(),
                "-a", "trace-id=" + "x".repeat(5000));
        assertThat(tooLong.exitCode()).isEqualTo(2);
        assertThat(tooLong.err()).contains("ferry: attachment value of trace-id is 5000 bytes");
    }

    @Test
    void helpFollowsTheUsualConventions() throws Exception {
        Run help = ferry("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: ferry [-hV] [-r=ADDRESS] [--timeout=DURATION] COMMAND")
                .contains("ls", "describe", "call", "stats", "Exit codes:");
        Run wrong = ferry("lsx");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("Unmatched argument at index 0: 'lsx'");
        Run subHelp = ferry("help", "describe");
        assertThat(subHelp.out()).contains("Usage: ferry describe", "SERVICE");
    }
}
