package io.ferryrpc.examples.shop.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.examples.shop.api.InventoryService;
import io.ferryrpc.examples.shop.api.Order;
import io.ferryrpc.examples.shop.api.OrderRequest;
import io.ferryrpc.examples.shop.api.OrderStatus;
import io.ferryrpc.examples.shop.api.PaymentService;
import io.ferryrpc.examples.shop.api.StockLevel;
import io.ferryrpc.examples.shop.inventory.InventoryServiceImpl;
import io.ferryrpc.examples.shop.node.FlowLog;
import io.ferryrpc.examples.shop.payment.PaymentServiceImpl;
import io.ferryrpc.test.FerryExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The order flow against two payment providers and an inventory found through a real ZooKeeper, with faults
 * injected by Ferry's test kit: what the shop promises when a remote system misbehaves.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CheckoutFaultsTest {

    @RegisterExtension
    final FerryExtension ferry = FerryExtension.builder()
            .provider("payment-1", PaymentService.class, () -> payments("payment-1"))
            .provider("payment-2", PaymentService.class, () -> payments("payment-2"))
            .provider("inventory", InventoryService.class,
                    () -> new InventoryServiceImpl("inventory", Map.of("mug", 10)))
            .build();

    private final OrderServiceImpl book = new OrderServiceImpl("order");
    private final FlowLog log = new FlowLog("order-test",
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    private static PaymentServiceImpl payments(String name) {
        return new PaymentServiceImpl(name, new BigDecimal("100.00"), Map.of());
    }

    private CheckoutResult order(PaymentService payments, InventoryService inventory, String account) {
        Order placed = book.place(new OrderRequest(account, "mug", 1, new BigDecimal("12.50"), "1 Quay Road"));
        return new Checkout(book, inventory, payments, log).checkout(1, placed, false);
    }

    private PaymentServiceImpl ledger(String provider) {
        return (PaymentServiceImpl) ferry.provider(provider).implementation();
    }

    private InventoryServiceImpl stock() {
        return (InventoryServiceImpl) ferry.provider("inventory").implementation();
    }

    @Test
    void aPaymentProviderThatRefusesEveryCallIsPassedOverAndTheOrderShips(PaymentService payments,
            InventoryService inventory) {
        ferry.provider("payment-1").faults().fail("pay", RpcException.Code.SERVER_BUSY);
        for (int i = 0; i < 6; i++) {
            CheckoutResult result = order(payments, inventory, "alice-" + i);
            assertThat(result.order().status()).isEqualTo(OrderStatus.PAID_AND_SHIPPED);
            assertThat(result.paidBy()).isEqualTo("payment-2");
        }
        // Refused before running: payment-1 charged nobody, though calls reached it.
        assertThat(ledger("payment-1").payments()).isZero();
        assertThat(ledger("payment-2").payments()).isEqualTo(6);
        assertThat(ferry.provider("payment-1").faults().calls("pay")).isPositive();
    }

    @Test
    void aShipmentThatFailsIsRefunded(PaymentService payments, InventoryService inventory) {
        // Each payment provider keeps its own ledger and refunds are not routed to the one that charged, so one.
        ferry.provider("payment-2").drop();
        ferry.provider("inventory").faults().fail("ship", RpcException.Code.CONNECTION_FAILED, 1);
        CheckoutResult result = order(payments, inventory, "carol");
        assertThat(result.order().status()).isEqualTo(OrderStatus.SHIPPING_FAILED_REFUNDED);
        assertThat(result.paidBy()).isEqualTo("payment-1");
        PaymentServiceImpl charged = ledger("payment-1");
        assertThat(charged.refunds()).isEqualTo(1);
        assertThat(charged.balance("carol")).isEqualByComparingTo("100.00");
        assertThat(order(payments, inventory, "carol").order().status()).isEqualTo(OrderStatus.PAID_AND_SHIPPED);
    }

    @Test
    void withEveryPaymentProviderGoneTheOrderFailsAndTheStockIsReleased(PaymentService payments,
            InventoryService inventory) {
        ferry.provider("payment-1").drop();
        ferry.provider("payment-2").drop();
        CheckoutResult result = order(payments, inventory, "dave");
        assertThat(result.order().status()).isEqualTo(OrderStatus.FAILED);
        assertThat(result.order().note()).startsWith("pay failed: ");
        assertThat(stock().stock("mug")).isEqualTo(new StockLevel("mug", 10, 0, 0));
    }
}
