package io.ferryrpc.examples.shop.inventory;

import io.ferryrpc.examples.shop.api.InventoryService;
import io.ferryrpc.examples.shop.node.KeyValues;
import io.ferryrpc.examples.shop.node.NodeOptions;
import io.ferryrpc.examples.shop.node.ProviderNode;
import java.util.Set;

/**
 * Machine C: provides {@link InventoryService}, registered in the registry, until the process is stopped.
 *
 * <p>Options: those of {@link NodeOptions} (name default {@code inventory-1}), plus {@code --stock sku=n,...}
 * (the stock at start; default {@value #DEFAULT_STOCK}).
 */
public final class InventoryProviderMain {

    /** The stock at start unless {@code --stock} says otherwise. */
    public static final String DEFAULT_STOCK = "mug=100000,t-shirt=100000,poster=50";

    private InventoryProviderMain() {}

    /** Starts the provider. */
    public static void main(String[] args) throws InterruptedException {
        NodeOptions options = NodeOptions.parse(args, "inventory-1", Set.of("stock"));
        InventoryServiceImpl inventory = new InventoryServiceImpl(options.name(),
                KeyValues.parse("--stock", options.extra("stock", DEFAULT_STOCK), Integer::valueOf));
        ProviderNode node = ProviderNode.start(options, server -> server.export(InventoryService.class, inventory));
        ProviderNode.runUntilStopped(node);
    }
}
