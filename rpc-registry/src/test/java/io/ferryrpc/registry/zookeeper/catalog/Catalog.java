package io.ferryrpc.registry.zookeeper.catalog;

import io.ferryrpc.api.RpcMethod;
import io.ferryrpc.api.RpcService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A product catalog. */
@RpcService(name = "shop.Catalog", version = "2.1")
public interface Catalog {

    /** Finds one item. */
    @RpcMethod(idempotent = true)
    Item find(String sku) throws UnknownItemException;

    /** Searches. */
    List<Item> search(Query query);

    /** Stock per warehouse, asynchronously. */
    CompletableFuture<Map<String, Integer>> stock(String sku);

    /** The item's kind. */
    enum Kind { BOOK, MUG }

    /** An item. */
    record Item(String sku, String name, Money price, Kind kind) {}

    /** A price: cents in a currency. */
    final class Money {
        long cents;
        String currency;
        transient int cachedHash;
    }

    /** Paging of a query. */
    class Paging {
        int page;
        int size;
    }

    /** A search query, paged. */
    final class Query extends Paging {
        String text;
    }

    /** Thrown when no item has the SKU. */
    final class UnknownItemException extends Exception {
        private static final long serialVersionUID = 1L;

        /** Creates the exception. */
        public UnknownItemException(String message) {
            super(message);
        }
    }
}
