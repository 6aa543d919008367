package io.ferryrpc.examples.shop.payment;

import io.ferryrpc.examples.shop.api.InsufficientFundsException;
import io.ferryrpc.examples.shop.api.PaymentReceipt;
import io.ferryrpc.examples.shop.api.PaymentRequest;
import io.ferryrpc.examples.shop.api.PaymentService;
import io.ferryrpc.examples.shop.api.PaymentStatus;
import io.ferryrpc.examples.shop.api.RefundReceipt;
import io.ferryrpc.examples.shop.api.RefundRequest;
import io.ferryrpc.examples.shop.api.UnknownPaymentException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One payment machine's ledger, in memory: account balances and a journal of the payments it took. Thread-safe
 * (one lock per machine: a payment touches a balance and the journal together, and the demo's load is small).
 *
 * <p>Accounts not in the opening balances start with the default opening balance. Each machine has its own
 * ledger, as a stand-in for the shared database a real payment system would use; the demo gives every machine the
 * same opening balances, so whether a payment is declined does not depend on which machine takes it as long as
 * the accounts that can pay never run dry.
 */
public final class PaymentServiceImpl implements PaymentService {

    /** The most payments one machine keeps in its journal; more are refused, so memory stays bounded. */
    public static final int MAX_JOURNAL = 1_000_000;

    private final String machine;
    private final BigDecimal defaultOpeningBalance;
    private final Map<String, BigDecimal> balances = new HashMap<>();
    private final Map<String, Entry> journal = new HashMap<>();
    private final Map<String, String> paymentByOrder = new HashMap<>();
    private final AtomicLong payments = new AtomicLong();
    private final AtomicLong declines = new AtomicLong();
    private final AtomicLong refunds = new AtomicLong();

    private static final class Entry {
        final PaymentReceipt receipt;
        final String account;
        RefundReceipt refund;

        Entry(PaymentReceipt receipt, String account) {
            this.receipt = receipt;
            this.account = account;
        }
    }

    /**
     * Creates a ledger.
     *
     * @param machine the name this machine signs its receipts with
     * @param defaultOpeningBalance the balance of an account when it is first seen
     * @param openingBalances balances of particular accounts when first seen
     */
    public PaymentServiceImpl(String machine, BigDecimal defaultOpeningBalance, Map<String, BigDecimal> openingBalances) {
        this.machine = Objects.requireNonNull(machine, "machine");
        this.defaultOpeningBalance = Objects.requireNonNull(defaultOpeningBalance, "defaultOpeningBalance");
        this.balances.putAll(openingBalances);
    }

    /** Creates a ledger in which every account opens with {@code defaultOpeningBalance}. */
    public PaymentServiceImpl(String machine, BigDecimal defaultOpeningBalance) {
        this(machine, defaultOpeningBalance, Map.of());
    }

    @Override
    public PaymentReceipt pay(PaymentRequest request) throws InsufficientFundsException {
        if (request.amount().signum() <= 0) {
            throw new IllegalArgumentException("amount must be positive: " + request.amount());
        }
        synchronized (this) {
            String earlier = paymentByOrder.get(request.orderId());
            if (earlier != null) {
                // A repeated request for the same order (a client retrying) must not charge twice.
                return journal.get(earlier).receipt;
            }
            if (journal.size() >= MAX_JOURNAL) {
                throw new IllegalStateException(machine + ": payment journal full (" + MAX_JOURNAL + ")");
            }
            BigDecimal balance = balances.getOrDefault(request.account(), defaultOpeningBalance);
            if (balance.compareTo(request.amount()) < 0) {
                declines.incrementAndGet();
                throw new InsufficientFundsException(machine + " declined order " + request.orderId() + ": account "
                        + request.account() + " has " + balance + ", needs " + request.amount());
            }
            BigDecimal after = balance.subtract(request.amount());
            balances.put(request.account(), after);
            PaymentReceipt receipt = new PaymentReceipt(UUID.randomUUID().toString(), request.orderId(),
                    request.amount(), after, Instant.now(), machine);
            journal.put(receipt.paymentId(), new Entry(receipt, request.account()));
            paymentByOrder.put(request.orderId(), receipt.paymentId());
            payments.incrementAndGet();
            return receipt;
        }
    }

    @Override
    public RefundReceipt refund(RefundRequest request) throws UnknownPaymentException {
        synchronized (this) {
            Entry entry = entry(request.paymentId());
            if (entry.refund == null) {
                BigDecimal after = balances.getOrDefault(entry.account, defaultOpeningBalance)
                        .add(entry.receipt.amount());
                balances.put(entry.account, after);
                entry.refund = new RefundReceipt(UUID.randomUUID().toString(), request.paymentId(),
                        entry.receipt.orderId(), entry.receipt.amount(), after, Instant.now(), machine);
                refunds.incrementAndGet();
            }
            return entry.refund;
        }
    }

    @Override
    public PaymentStatus query(String paymentId) throws UnknownPaymentException {
        synchronized (this) {
            Entry entry = entry(paymentId);
            return new PaymentStatus(paymentId, entry.receipt.orderId(), entry.account, entry.receipt.amount(),
                    entry.refund == null ? PaymentStatus.State.CAPTURED : PaymentStatus.State.REFUNDED, machine);
        }
    }

    private Entry entry(String paymentId) throws UnknownPaymentException {
        Entry entry = journal.get(paymentId);
        if (entry == null) {
            throw new UnknownPaymentException(machine + " has no payment " + paymentId);
        }
        return entry;
    }

    /** Returns an account's balance on this machine now. */
    public synchronized BigDecimal balance(String account) {
        return balances.getOrDefault(account, defaultOpeningBalance);
    }

    /** Returns how many payments this machine took. */
    public long payments() {
        return payments.get();
    }

    /** Returns how many payments this machine declined. */
    public long declines() {
        return declines.get();
    }

    /** Returns how many payments this machine refunded. */
    public long refunds() {
        return refunds.get();
    }
}
