package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.fixtures.generic.BasketService;
import io.ferryrpc.core.fixtures.generic.BasketServiceImpl;
import io.ferryrpc.core.spi.ServiceKey;
import io.ferryrpc.core.testing.Loopback;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Generic calls: no interface on the consumer, maps and lists in, maps and lists out, declared types only. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GenericInvocationTest {

    private static final ServiceKey BASKETS = new ServiceKey("shop.Baskets", "3.0", "");

    private final String registry = "memory://" + UUID.randomUUID();
    private final BasketServiceImpl impl = new BasketServiceImpl();
    private RpcServer server;
    private RpcClient client;
    private GenericService baskets;

    @BeforeEach
    void start() {
        server = Loopback.server(BasketService.class, impl, b -> b.registry(registry).unregisterGracePeriod(Duration.ZERO));
        client = RpcClient.builder().registry(registry).build();
        baskets = client.generic(BASKETS);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static Map<String, Object> line(String sku, Object quantity, Object price, String tag) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("sku", sku);
        line.put("quantity", quantity);
        line.put("unitPrice", price);
        line.put("tag", tag);
        return line;
    }

    @Test
    void nestedObjectsAndListsGoInAsMapsAndComeBackAsMaps() {
        Map<String, Object> basket = new LinkedHashMap<>();
        basket.put("owner", "ada");
        basket.put("lines", List.of(line("mug", 2, "3.50", "GIFT"), line("pen", 3L, 1.25, "PLAIN")));
        Object result = baskets.invoke("price", basket);
        assertThat(result).isInstanceOf(Map.class);
        Map<?, ?> priced = (Map<?, ?>) result;
        assertThat(priced.get("owner")).isEqualTo("ada");
        assertThat(priced.get("total").toString()).isEqualTo("10.75");
        assertThat((List<?>) priced.get("lines")).hasSize(2);
        assertThat(((Map<?, ?>) ((List<?>) priced.get("lines")).get(0)).get("tag")).isEqualTo("GIFT");

        assertThat(baskets.invoke("lines", "cup", 2)).isEqualTo(List.of(
                Map.of("sku", "cup", "quantity", 1, "unitPrice", java.math.BigDecimal.ONE, "tag", "PLAIN"),
                Map.of("sku", "cup", "quantity", 2, "unitPrice", java.math.BigDecimal.ONE, "tag", "PLAIN")));
        assertThat(baskets.invokeAsync("stock")).succeedsWithin(Duration.ofSeconds(10))
                .isEqualTo(Map.of("mug", 7));
    }

    @Test
    void overloadsAreChosenByArityOrByTheParameterTypes() {
        assertThat(baskets.invoke("label", "x", 2)).isEqualTo("text:xtext:x");
        assertThatThrownBy(() -> baskets.invoke("label", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("several methods label with 1 parameters")
                .hasMessageContaining("label(java.lang.String)").hasMessageContaining("label(long)");
        assertThat(baskets.invoke("label", List.of("long"), 42)).isEqualTo("number:42");
        assertThat(baskets.invoke("label", List.of("java.lang.String"), "y")).isEqualTo("text:y");
        assertThatThrownBy(() -> baskets.invoke("nothing", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no method nothing");
    }

    @Test
    void errorsArriveTyped() {
        // A declared exception whose class this side lacks, as far as a generic caller knows, is REMOTE_ERROR.
        assertThatThrownBy(() -> baskets.invoke("first", "bo"))
                .isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.code()).isEqualTo(RpcException.Code.REMOTE_ERROR))
                .hasMessageContaining(BasketService.EmptyBasketException.class.getName())
                .hasMessageContaining("bo has an empty basket");
        int before = impl.calls.get();
        Map<String, Object> wrong = new LinkedHashMap<>();
        wrong.put("owner", "eve");
        wrong.put("lines", List.of(line("mug", "many", "1", "GIFT")));
        assertThatThrownBy(() -> baskets.invoke("price", wrong))
                .isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.code()).isEqualTo(RpcException.Code.SERIALIZATION))
                .hasMessageContaining("argument 0.lines[0].quantity: not a valid Integer");
        Map<String, Object> gadget = new LinkedHashMap<>();
        gadget.put("owner", "mallory");
        gadget.put("@class", "com.sun.rowset.JdbcRowSetImpl");
        assertThatThrownBy(() -> baskets.invoke("price", gadget))
                .isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.code()).isEqualTo(RpcException.Code.SERIALIZATION))
                .hasMessageContaining("no field @class in " + io.ferryrpc.core.fixtures.generic.Basket.class.getName());
        assertThat(impl.calls.get()).isEqualTo(before);
    }

    @Test
    void aProviderCanSwitchGenericCallsOffAndProxiesStillWork() {
        try (RpcServer closed = Loopback.server(BasketService.class, new BasketServiceImpl(),
                        b -> b.genericCalls(false));
                RpcClient direct = RpcClient.builder().build()) {
            GenericService generic = direct.generic(BASKETS, Loopback.address(closed));
            assertThatThrownBy(() -> generic.invoke("label", List.of("long"), 1))
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.code()).isEqualTo(RpcException.Code.FORBIDDEN))
                    .hasMessageContaining("generic calls are switched off");
            assertThatThrownBy(() -> generic.invoke("label", 1L))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a registry");
            assertThat(direct.proxy(BasketService.class, Loopback.address(closed)).label(5L)).isEqualTo("number:5");
        }
    }
}
