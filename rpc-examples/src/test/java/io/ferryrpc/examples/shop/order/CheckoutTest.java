package io.ferryrpc.examples.shop.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.core.RpcClient;
import io.ferryrpc.core.RpcServer;
import io.ferryrpc.core.testing.Loopback;
import io.ferryrpc.examples.shop.api.InventoryService;
import io.ferryrpc.examples.shop.api.Order;
import io.ferryrpc.examples.shop.api.OrderRequest;
import io.ferryrpc.examples.shop.api.OrderStatus;
import io.ferryrpc.examples.shop.api.OutOfStockException;
import io.ferryrpc.examples.shop.api.PaymentService;
import io.ferryrpc.examples.shop.api.PaymentStatus;
import io.ferryrpc.examples.shop.api.Reservation;
import io.ferryrpc.examples.shop.api.ReservationRequest;
import io.ferryrpc.examples.shop.api.Shipment;
import io.ferryrpc.examples.shop.api.ShipmentRequest;
import io.ferryrpc.examples.shop.api.StockLevel;
import io.ferryrpc.examples.shop.api.UnknownReservationException;
import io.ferryrpc.examples.shop.inventory.InventoryServiceImpl;
import io.ferryrpc.examples.shop.node.FlowLog;
import io.ferryrpc.examples.shop.payment.PaymentServiceImpl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The order flow's business outcomes, against real payment and inventory providers on 127.0.0.1. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CheckoutTest {

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final FlowLog log = new FlowLog("order-test", new PrintStream(logged, true, StandardCharsets.UTF_8));
    private final OrderServiceImpl book = new OrderServiceImpl("order");
    private PaymentServiceImpl payments;
    private InventoryServiceImpl inventory;
    private RpcServer paymentServer;
    private RpcServer inventoryServer;
    private RpcClient client;

    @BeforeEach
    void start() {
        payments = new PaymentServiceImpl("payment-test", new BigDecimal("100.00"), Map.of("dave", new BigDecimal("5.00")));
        inventory = new InventoryServiceImpl("inventory-test", Map.of("mug", 10, "poster", 1));
        paymentServer = Loopback.server(PaymentService.class, payments, b -> b);
        inventoryServer = Loopback.server(InventoryService.class, inventory, b -> b);
        client = RpcClient.builder().build();
    }

    @AfterEach
    void stop() {
        client.close();
        paymentServer.close();
        inventoryServer.close();
    }

    private Checkout checkout(InventoryService inventoryProxy) {
        return new Checkout(book, inventoryProxy, client.proxy(PaymentService.class, Loopback.address(paymentServer)),
                log);
    }

    private Checkout checkout() {
        return checkout(client.proxy(InventoryService.class, Loopback.address(inventoryServer)));
    }

    private CheckoutResult run(Checkout checkout, String account, String sku, String amount) {
        Order placed = book.place(new OrderRequest(account, sku, 1, new BigDecimal(amount), "1 Quay Road"));
        return checkout.checkout(1, placed, true);
    }

    @Test
    void paidOrderIsShippedAndChargedOnce() throws Exception {
        CheckoutResult result = run(checkout(), "alice", "mug", "12.50");

        assertThat(result.order().status()).isEqualTo(OrderStatus.PAID_AND_SHIPPED);
        assertThat(result.paidBy()).isEqualTo("payment-test");
        assertThat(result.reserveNanos()).isPositive();
        assertThat(result.payNanos()).isPositive();
        assertThat(result.shipNanos()).isPositive();
        assertThat(book.find(result.order().orderId()).status()).isEqualTo(OrderStatus.PAID_AND_SHIPPED);
        assertThat(payments.balance("alice")).isEqualByComparingTo("87.50");
        assertThat(inventory.stock("mug")).isEqualTo(new StockLevel("mug", 9, 0, 1));
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("[remote B] paid 12.50", "[remote C] shipped");
    }

    @Test
    void insufficientFundsDeclinesThePaymentAndReleasesTheStock() throws Exception {
        CheckoutResult result = run(checkout(), "dave", "mug", "12.50");

        assertThat(result.order().status()).isEqualTo(OrderStatus.PAYMENT_DECLINED);
        assertThat(result.order().note()).contains("dave has 5.00, needs 12.50");
        assertThat(result.paidBy()).isNull();
        assertThat(result.shipNanos()).isEqualTo(-1);
        assertThat(payments.balance("dave")).isEqualByComparingTo("5.00");
        assertThat(payments.declines()).isEqualTo(1);
        assertThat(inventory.stock("mug")).isEqualTo(new StockLevel("mug", 10, 0, 0));
    }

    @Test
    void outOfStockChargesNothing() {
        assertThat(run(checkout(), "alice", "poster", "8.00").order().status())
                .isEqualTo(OrderStatus.PAID_AND_SHIPPED);

        CheckoutResult result = run(checkout(), "bob", "poster", "8.00");

        assertThat(result.order().status()).isEqualTo(OrderStatus.OUT_OF_STOCK);
        assertThat(result.order().note()).contains("wants 1 x poster, 0 available");
        assertThat(result.payNanos()).isEqualTo(-1);
        assertThat(payments.balance("bob")).isEqualByComparingTo("100.00");
        assertThat(payments.payments()).isEqualTo(1);
        assertThat(inventory.stock("poster")).isEqualTo(new StockLevel("poster", 0, 0, 1));
    }

    @Test
    void failedShipmentRefundsThePayment() throws Exception {
        RpcServer refusing = Loopback.server(InventoryService.class, new RefusesToShip(inventory), b -> b);
        try {
            CheckoutResult result = run(checkout(client.proxy(InventoryService.class, Loopback.address(refusing))),
                    "carol", "mug", "12.50");

            assertThat(result.order().status()).isEqualTo(OrderStatus.SHIPPING_FAILED_REFUNDED);
            assertThat(result.paidBy()).isEqualTo("payment-test");
            assertThat(payments.balance("carol")).isEqualByComparingTo("100.00");
            assertThat(payments.refunds()).isEqualTo(1);
            assertThat(book.find(result.order().orderId()).note()).contains("shipping failed", "refund");
        } finally {
            refusing.close();
        }
    }

    @Test
    void refundIsIdempotentAndQueryTellsTheState() throws Exception {
        PaymentService remote = client.proxy(PaymentService.class, Loopback.address(paymentServer));
        var receipt = remote.pay(new io.ferryrpc.examples.shop.api.PaymentRequest("order-9", "erin", new BigDecimal("30")));
        assertThat(remote.pay(new io.ferryrpc.examples.shop.api.PaymentRequest("order-9", "erin", new BigDecimal("30"))))
                .isEqualTo(receipt);
        assertThat(remote.query(receipt.paymentId()).state()).isEqualTo(PaymentStatus.State.CAPTURED);

        var refund = remote.refund(new io.ferryrpc.examples.shop.api.RefundRequest(receipt.paymentId(), "order-9", "test"));

        assertThat(remote.refund(new io.ferryrpc.examples.shop.api.RefundRequest(receipt.paymentId(), "order-9", "again")))
                .isEqualTo(refund);
        assertThat(refund.balanceAfter()).isEqualByComparingTo("100.00");
        assertThat(remote.query(receipt.paymentId()).state()).isEqualTo(PaymentStatus.State.REFUNDED);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> remote.query("no-such-payment"))
                .isInstanceOf(io.ferryrpc.examples.shop.api.UnknownPaymentException.class)
                .hasMessageContaining("no-such-payment");
    }

    @Test
    void unreachablePaymentSystemFailsTheOrderAndReleasesTheStock() {
        paymentServer.close();

        CheckoutResult result = run(checkout(), "alice", "mug", "12.50");

        assertThat(result.order().status()).isEqualTo(OrderStatus.FAILED);
        assertThat(result.order().note()).startsWith("pay failed: ");
        assertThat(inventory.stock("mug")).isEqualTo(new StockLevel("mug", 10, 0, 0));
    }

    /** An inventory whose shipping department lost every reservation. */
    private static final class RefusesToShip implements InventoryService {
        private final InventoryService delegate;

        RefusesToShip(InventoryService delegate) {
            this.delegate = delegate;
        }

        @Override
        public Reservation reserve(ReservationRequest request) throws OutOfStockException {
            return delegate.reserve(request);
        }

        @Override
        public Shipment ship(ShipmentRequest request) throws UnknownReservationException {
            delegate.release(request.reservationId());
            throw new UnknownReservationException("lost reservation " + request.reservationId());
        }

        @Override
        public boolean release(String reservationId) {
            return delegate.release(reservationId);
        }

        @Override
        public StockLevel stock(String sku) {
            return delegate.stock(sku);
        }
    }
}
