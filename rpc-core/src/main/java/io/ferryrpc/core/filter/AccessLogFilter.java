package io.ferryrpc.core.filter;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.spi.Invocation;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one line per call to the SLF4J logger {@value #LOGGER} at INFO: side, service and method, the other side,
 * this side's application, the outcome (OK, an {@link RpcException.Code}, or the exception's class) and the time
 * taken. Arguments, results and attachments are never logged, since they may hold personal data or credentials.
 *
 * <p>Off unless added to a builder; route or silence the logger in the logging backend. Thread-safe.
 *
 * <pre>
 * PROVIDER shop.PaymentService:1.0/pay peer=10.0.0.11:53122 app=payment status=OK 412us
 * CONSUMER shop.PaymentService:1.0/pay peer=10.0.0.12:20880 app=order status=TIMEOUT 1003125us
 * </pre>
 *
 * @since 0.1.0
 */
public final class AccessLogFilter implements Filter {

    /** The name of the logger every line goes to. */
    public static final String LOGGER = "io.ferryrpc.access";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private final int order;

    /** Creates a filter that runs inside authentication and outside metrics and limits, so it logs refusals too. */
    public AccessLogFilter() {
        this(Integer.MIN_VALUE + 500);
    }

    /** Creates a filter at the given {@link #order()}. */
    public AccessLogFilter(int order) {
        this.order = order;
    }

    @Override
    public int order() {
        return order;
    }

    @Override
    public CompletionStage<Object> filter(Invocation invocation, Chain next) {
        if (!log.isInfoEnabled()) {
            return next.proceed(invocation);
        }
        long start = System.nanoTime();
        return next.proceed(invocation).whenComplete((value, error) -> log.info("{} {}/{} peer={} app={} status={} {}us",
                invocation.side(), invocation.service(), invocation.method(),
                invocation.peer().isEmpty() ? "-" : invocation.peer(), invocation.application(), status(error),
                (System.nanoTime() - start) / 1000));
    }

    private static String status(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t == null) {
            return "OK";
        }
        return t instanceof RpcException rpc ? rpc.code().name() : t.getClass().getName();
    }
}
