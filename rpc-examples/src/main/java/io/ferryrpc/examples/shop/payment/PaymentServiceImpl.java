package io.ferryrpc.examples.shop.payment;

import io.ferryrpc.examples.shop.api.InsufficientFundsException;
import io.ferryrpc.examples.shop.api.PaymentReceipt;
import io.ferryrpc.examples.shop.api.PaymentRequest;
import io.ferryrpc.examples.shop.api.PaymentService;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps account balances in memory and charges them. Thread-safe. */
public final class PaymentServiceImpl implements PaymentService {

    private final Map<String, BigDecimal> balances = new ConcurrentHashMap<>();
    private final String machine;
    private final BigDecimal openingBalance;

    /** Creates the service; every account starts with {@code openingBalance}. */
    public PaymentServiceImpl(String machine, BigDecimal openingBalance) {
        this.machine = machine;
        this.openingBalance = openingBalance;
    }

    @Override
    public PaymentReceipt pay(PaymentRequest request) throws InsufficientFundsException {
        BigDecimal[] after = new BigDecimal[1];
        boolean[] refused = new boolean[1];
        balances.compute(request.account(), (account, balance) -> {
            BigDecimal current = balance == null ? openingBalance : balance;
            if (current.compareTo(request.amount()) < 0) {
                refused[0] = true;
                after[0] = current;
                return current;
            }
            after[0] = current.subtract(request.amount());
            return after[0];
        });
        if (refused[0]) {
            throw new InsufficientFundsException("account " + request.account() + " has " + after[0]
                    + ", needs " + request.amount() + " for order " + request.orderId());
        }
        return new PaymentReceipt(UUID.randomUUID().toString(), request.orderId(), request.amount(), after[0],
                Instant.now(), machine);
    }
}
