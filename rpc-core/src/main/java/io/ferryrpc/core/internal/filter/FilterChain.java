package io.ferryrpc.core.internal.filter;

import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.spi.Invocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The filters of one side, sorted once, and the way to run an invocation through them to the call itself. */
public final class FilterChain {

    private final Filter[] filters;

    private FilterChain(List<Filter> filters) {
        this.filters = filters.toArray(new Filter[0]);
    }

    /** Returns the chain of {@code configured} filters plus those found by ServiceLoader, for {@code side}. */
    public static FilterChain of(List<Filter> configured, Filter.Side side) {
        List<Filter> all = new ArrayList<>();
        for (Filter f : configured) {
            if (f.appliesTo(side)) {
                all.add(f);
            }
        }
        for (Filter f : ServiceLoader.load(Filter.class, FilterChain.class.getClassLoader())) {
            if (f.appliesTo(side)) {
                all.add(f);
            }
        }
        all.sort(Comparator.comparingInt(Filter::order));
        return new FilterChain(all);
    }

    /** Returns whether there is no filter, so callers can take the direct path. */
    public boolean isEmpty() {
        return filters.length == 0;
    }

    /**
     * Runs {@code invocation} through the filters, ending in {@code call}. A filter that throws fails the returned
     * stage instead.
     */
    public CompletionStage<Object> run(Invocation invocation, Filter.Chain call) {
        return next(0, call).proceed(invocation);
    }

    private Filter.Chain next(int index, Filter.Chain call) {
        if (index == filters.length) {
            return call;
        }
        Filter filter = filters[index];
        Filter.Chain rest = next(index + 1, call);
        return invocation -> {
            try {
                CompletionStage<Object> stage = filter.filter(invocation, rest);
                return stage != null ? stage : CompletableFuture.failedFuture(new IllegalStateException(
                        filter.getClass().getName() + " returned null"));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }
}
