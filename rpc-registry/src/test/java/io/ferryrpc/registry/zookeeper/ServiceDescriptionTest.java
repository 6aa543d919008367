package io.ferryrpc.registry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferryrpc.core.RpcServer;
import io.ferryrpc.core.internal.descriptor.CallIds;
import io.ferryrpc.core.spi.ProviderInfo;
import io.ferryrpc.core.spi.ServiceKey;
import io.ferryrpc.registry.zookeeper.catalog.Catalog;
import io.ferryrpc.registry.zookeeper.internal.ZooKeeperRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.test.TestingServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A provider publishes its service's description beside its call-ID table; anyone can read it from ZooKeeper. */
@Timeout(60)
class ServiceDescriptionTest {

    private static final ServiceKey CATALOG = new ServiceKey("shop.Catalog", "2.1", "");

    /** Does nothing; only the description matters here. */
    static final class NoCatalog implements Catalog {
        @Override
        public Item find(String sku) throws UnknownItemException {
            throw new UnknownItemException(sku);
        }

        @Override
        public List<Item> search(Query query) {
            return List.of();
        }

        @Override
        public CompletableFuture<Map<String, Integer>> stock(String sku) {
            return CompletableFuture.completedFuture(Map.of());
        }
    }

    @Test
    void theDescriptionNamesEveryMethodWithItsCallIdAndEveryTypeWithItsFieldsInWireOrder() throws Exception {
        try (TestingServer zk = ZooKeeperTesting.server();
                RpcServer first = RpcServer.builder().bindAddress("127.0.0.1").host("127.0.0.1").port(0)
                        .registry(ZooKeeperTesting.registry(zk)).unregisterGracePeriod(Duration.ZERO).build().export(Catalog.class, new NoCatalog())
                        .start();
                RpcServer second = RpcServer.builder().bindAddress("127.0.0.1").host("127.0.0.1").port(0)
                        .registry(ZooKeeperTesting.registry(zk)).unregisterGracePeriod(Duration.ZERO).build().export(Catalog.class, new NoCatalog())
                        .start();
                ZooKeeperRegistry reader = new ZooKeeperRegistry(ZooKeeperAddress.parse(ZooKeeperTesting.registry(zk)))) {
            AtomicReference<List<ProviderInfo>> seen = new AtomicReference<>(List.of());
            try (AutoCloseable subscription = reader.subscribe(CATALOG, seen::set)) {
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.get().size() == 2);
            }
            List<String> digests = new ArrayList<>();
            for (ProviderInfo p : seen.get()) {
                digests.add(p.descriptionDigest());
            }
            // Same interface, same text, same digest: one node serves both providers.
            assertThat(digests).hasSize(2).doesNotContain("").containsOnly(digests.get(0));
            String json = reader.description(CATALOG, digests.get(0)).orElseThrow();
            assertThat(reader.description(CATALOG, "0000000000000000")).isEmpty();

            JsonNode d = new ObjectMapper().readTree(json);
            assertThat(d.get("service").asText()).isEqualTo("shop.Catalog");
            assertThat(d.get("version").asText()).isEqualTo("2.1");
            Map<String, Integer> callIds = seen.get().get(0).callIds();
            assertThat(d.get("methods")).hasSize(3);
            for (JsonNode m : d.get("methods")) {
                assertThat(m.get("callId").asText())
                        .isEqualTo(CallIds.format(callIds.get(m.get("signature").asText())));
            }
            JsonNode find = method(d, "find");
            assertThat(find.get("kind").asText()).isEqualTo("SYNC");
            assertThat(find.get("idempotent").asBoolean()).isTrue();
            assertThat(find.get("parameters").get(0).get("type").asText()).isEqualTo("java.lang.String");
            assertThat(find.get("returns").asText()).isEqualTo(Catalog.Item.class.getName());
            assertThat(find.get("throws").get(0).asText()).isEqualTo(Catalog.UnknownItemException.class.getName());
            JsonNode stock = method(d, "stock");
            assertThat(stock.get("kind").asText()).isEqualTo("ASYNC");
            assertThat(stock.get("returns").asText()).isEqualTo("java.util.Map<java.lang.String, java.lang.Integer>");
            assertThat(method(d, "search").get("returns").asText())
                    .isEqualTo("java.util.List<" + Catalog.Item.class.getName() + ">");

            JsonNode types = d.get("types");
            assertThat(fields(types.get(Catalog.Item.class.getName()))).containsExactly(
                    "1 sku java.lang.String", "2 name java.lang.String",
                    "3 price " + Catalog.Money.class.getName(), "4 kind " + Catalog.Kind.class.getName());
            assertThat(types.get(Catalog.Item.class.getName()).get("kind").asText()).isEqualTo("record");
            // Transient fields do not travel; superclass fields come first.
            assertThat(fields(types.get(Catalog.Money.class.getName())))
                    .containsExactly("1 cents long", "2 currency java.lang.String");
            assertThat(fields(types.get(Catalog.Query.class.getName())))
                    .containsExactly("1 page int", "2 size int", "3 text java.lang.String");
            assertThat(types.get(Catalog.Kind.class.getName()).get("constants").toString())
                    .isEqualTo("[\"BOOK\",\"MUG\"]");
            assertThat(types.has("java.lang.String")).isFalse();
        }
    }

    private static JsonNode method(JsonNode description, String name) {
        for (JsonNode m : description.get("methods")) {
            if (m.get("name").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no method " + name + " in " + description);
    }

    private static List<String> fields(JsonNode type) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : type.get("fields")) {
            out.add(f.get("number").asInt() + " " + f.get("name").asText() + " " + f.get("type").asText());
        }
        return out;
    }
}
