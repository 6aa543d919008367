package io.ferryrpc.examples.shop.payment;

import io.ferryrpc.examples.shop.api.PaymentService;
import io.ferryrpc.examples.shop.node.KeyValues;
import io.ferryrpc.examples.shop.node.NodeOptions;
import io.ferryrpc.examples.shop.node.ProviderNode;
import java.math.BigDecimal;
import java.util.Set;

/**
 * Machine B: provides {@link PaymentService}, registered in the registry, until the process is stopped.
 *
 * <p>Options: those of {@link NodeOptions} (name default {@code payment-1}), plus {@code --opening-balance AMOUNT}
 * (every account's balance when first seen; default 1000000.00) and {@code --balances account=amount,...} (accounts
 * that open with another balance; default {@code dave=5.00}, the demo's buyer who cannot pay).
 */
public final class PaymentProviderMain {

    /** The accounts that open with a balance of their own unless {@code --balances} says otherwise. */
    public static final String DEFAULT_BALANCES = "dave=5.00";

    private PaymentProviderMain() {}

    /** Starts the provider. */
    public static void main(String[] args) throws InterruptedException {
        NodeOptions options = NodeOptions.parse(args, "payment-1", Set.of("opening-balance", "balances"));
        PaymentServiceImpl payments = new PaymentServiceImpl(options.name(),
                new BigDecimal(options.extra("opening-balance", "1000000.00")),
                KeyValues.parse("--balances", options.extra("balances", DEFAULT_BALANCES), BigDecimal::new));
        ProviderNode node = ProviderNode.start(options, server -> server.export(PaymentService.class, payments));
        ProviderNode.runUntilStopped(node);
    }
}
