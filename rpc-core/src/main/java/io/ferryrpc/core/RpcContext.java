package io.ferryrpc.core;

import io.ferryrpc.core.internal.protocol.Bodies;
import io.netty.buffer.ByteBufUtil;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What travels with calls besides their arguments: string attachments (a trace id, a tenant) and a deadline,
 * held per thread and immutable.
 *
 * <p>Every call a proxy makes sends the attachments of the {@linkplain #current() current} context and gets at most
 * the time left before its deadline. On a provider, Ferry runs each method inside a context holding the attachments
 * that arrived and the caller's deadline, so the calls the method makes downstream carry both on: a trace id set on
 * A reaches B and C, and B's call to C never outlives A's wait. Ferry also completes the future of an asynchronous
 * call inside the context the call was made in, so continuations chained on it ({@code thenCompose} and the like)
 * still see it; work handed to other threads by the application carries it with {@link #wrap(Executor)}.
 *
 * <pre>{@code
 * RpcContext.current().withAttachment("trace-id", traceId).withDeadlineAfter(Duration.ofMillis(800))
 *         .run(() -> orders.place(order));
 * }</pre>
 *
 * <p>Attachments are limited as the wire limits them: 64 entries, keys up to 256 and values up to 4096 bytes in
 * UTF-8, 16 KiB together; the {@code with} methods refuse more at once. The credentials Ferry adds with
 * {@link Credentials} (two entries for a token, four for HMAC) count toward the same limits when a request is
 * encoded, and a call over them fails with {@code SERIALIZATION} without being sent: leave them room. Keys reserved for
 * credentials ({@code ferry-app}, {@code ferry-token}, {@code ferry-ts}, {@code ferry-nonce}, {@code ferry-sig}) are
 * never sent from a context: Ferry writes those itself, and a provider's context never holds the secret ones.
 * Thread-safe: instances are immutable.
 *
 * @since 0.1.0
 */
public final class RpcContext {

    private static final long NO_DEADLINE = Long.MAX_VALUE;
    private static final Duration LONGEST_TIMEOUT = Duration.ofDays(365);
    private static final RpcContext EMPTY = new RpcContext(Map.of(), NO_DEADLINE, false);
    /** Unset on most threads: {@link #current()} answers {@link #EMPTY} without creating an entry. */
    private static final ThreadLocal<RpcContext> CURRENT = new ThreadLocal<>();

    private static final Scope NOTHING_TO_RESTORE = () -> { };

    private final Map<String, String> attachments;
    /** In {@link System#nanoTime()} terms; meaningful only if {@link #hasDeadline}. */
    private final long deadlineNanos;
    private final boolean hasDeadline;

    private RpcContext(Map<String, String> attachments, long deadlineNanos, boolean hasDeadline) {
        this.attachments = attachments;
        this.deadlineNanos = deadlineNanos;
        this.hasDeadline = hasDeadline;
    }

    /** Returns the context with no attachments and no deadline. */
    public static RpcContext empty() {
        return EMPTY;
    }

    /** Returns the context in effect on this thread: {@link #empty()} unless one was attached. */
    public static RpcContext current() {
        RpcContext context = CURRENT.get();
        return context == null ? EMPTY : context;
    }

    /** Returns the attachments, unmodifiable, in the order they were added. */
    public Map<String, String> attachments() {
        return attachments;
    }

    /** Returns the attachment under {@code key}, if there is one. */
    public Optional<String> attachment(String key) {
        return Optional.ofNullable(attachments.get(key));
    }

    /**
     * Returns a context like this one with {@code key} set to {@code value}.
     *
     * @throws IllegalArgumentException if either is null, or the attachments would break a limit (see above)
     */
    public RpcContext withAttachment(String key, String value) {
        return withAttachments(Map.of(checkText(key, "key"), checkText(value, "value of " + key)));
    }

    /**
     * Returns a context like this one with every entry of {@code added} set, replacing those with the same keys.
     *
     * @throws IllegalArgumentException if a key or value is null, or the attachments would break a limit
     */
    public RpcContext withAttachments(Map<String, String> added) {
        Objects.requireNonNull(added, "added");
        if (added.isEmpty()) {
            return this;
        }
        Map<String, String> merged = new LinkedHashMap<>(attachments);
        for (Map.Entry<String, String> e : added.entrySet()) {
            String key = checkText(e.getKey(), "key");
            merged.put(key, checkText(e.getValue(), "value of " + key));
        }
        checkLimits(merged);
        return new RpcContext(Collections.unmodifiableMap(merged), deadlineNanos, hasDeadline);
    }

    /** Returns a context like this one without the attachment under {@code key}. */
    public RpcContext withoutAttachment(String key) {
        if (!attachments.containsKey(key)) {
            return this;
        }
        Map<String, String> rest = new LinkedHashMap<>(attachments);
        rest.remove(key);
        return new RpcContext(Collections.unmodifiableMap(rest), deadlineNanos, hasDeadline);
    }

    /**
     * Returns a context like this one whose deadline is {@code timeout} from now, or this one's deadline if that
     * comes sooner: a context can shorten what it inherited, never extend it. A timeout over 365 days counts as 365
     * days.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public RpcContext withDeadlineAfter(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: >= 0)");
        }
        long nanos = timeout.compareTo(LONGEST_TIMEOUT) > 0 ? LONGEST_TIMEOUT.toNanos() : timeout.toNanos();
        return withDeadlineNanos(System.nanoTime() + nanos);
    }

    private RpcContext withDeadlineNanos(long deadline) {
        if (hasDeadline && deadline - deadlineNanos >= 0) {
            return this;
        }
        return new RpcContext(attachments, deadline, true);
    }

    /** Returns whether this context has a deadline. */
    public boolean hasDeadline() {
        return hasDeadline;
    }

    /**
     * Returns the nanoseconds left before the deadline, zero or negative once it has passed, or
     * {@link Long#MAX_VALUE} without a deadline.
     */
    public long remainingNanos() {
        return hasDeadline ? deadlineNanos - System.nanoTime() : NO_DEADLINE;
    }

    /** Returns the time left before the deadline ({@link Duration#ZERO} once passed), if there is a deadline. */
    public Optional<Duration> remaining() {
        return hasDeadline ? Optional.of(Duration.ofNanos(Math.max(0, remainingNanos()))) : Optional.empty();
    }

    /**
     * Makes this the current context of this thread until the returned scope is closed, which restores the one
     * before. Use it in try-with-resources, on the same thread.
     */
    public Scope attach() {
        RpcContext previous = CURRENT.get();
        if (previous == null && this == EMPTY) {
            return NOTHING_TO_RESTORE;
        }
        CURRENT.set(this == EMPTY ? null : this);
        // Restored with set, never remove: a removed entry is a new weak reference at the next call on this thread,
        // which cost providers about a tenth of their throughput.
        return () -> CURRENT.set(previous);
    }

    /** Runs {@code task} on this thread with this as the current context. */
    public void run(Runnable task) {
        try (Scope ignored = attach()) {
            task.run();
        }
    }

    /** Calls {@code task} on this thread with this as the current context and returns its result. */
    public <T> T call(Callable<T> task) throws Exception {
        try (Scope ignored = attach()) {
            return task.call();
        }
    }

    /**
     * Returns what {@code task} supplies, run on this thread with this as the current context; for tasks that throw
     * no checked exception, where {@link #call(Callable)} would make the caller handle {@code Exception}.
     */
    public <T> T supply(Supplier<T> task) {
        try (Scope ignored = attach()) {
            return task.get();
        }
    }

    /** Returns a task that runs {@code task} with this as the current context, on whatever thread runs it. */
    public Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        return () -> run(task);
    }

    /** Returns a task that calls {@code task} with this as the current context, on whatever thread calls it. */
    public <T> Callable<T> wrap(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return () -> call(task);
    }

    /** Returns an executor that runs each task on {@code executor} with this as the current context. */
    public Executor wrap(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return task -> executor.execute(wrap(task));
    }

    @Override
    public String toString() {
        return "RpcContext" + attachments + (hasDeadline ? " (" + remaining().orElseThrow().toMillis() + " ms left)"
                : "");
    }

    private static String checkText(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException("attachment " + what + " is null");
        }
        return text;
    }

    private static void checkLimits(Map<String, String> all) {
        if (all.size() > Bodies.MAX_ATTACHMENTS) {
            throw new IllegalArgumentException("attachments: " + all.size() + " (expected: <= "
                    + Bodies.MAX_ATTACHMENTS + ")");
        }
        int total = 0;
        for (Map.Entry<String, String> e : all.entrySet()) {
            int key = ByteBufUtil.utf8Bytes(e.getKey());
            int value = ByteBufUtil.utf8Bytes(e.getValue());
            if (key > Bodies.MAX_ATTACHMENT_KEY_BYTES) {
                throw new IllegalArgumentException("attachment key " + abbreviated(e.getKey()) + " is " + key
                        + " bytes in UTF-8 (expected: <= " + Bodies.MAX_ATTACHMENT_KEY_BYTES + ")");
            }
            if (value > Bodies.MAX_ATTACHMENT_VALUE_BYTES) {
                throw new IllegalArgumentException("attachment value of " + abbreviated(e.getKey()) + " is " + value
                        + " bytes in UTF-8 (expected: <= " + Bodies.MAX_ATTACHMENT_VALUE_BYTES + ")");
            }
            total += key + value;
        }
        if (total > Bodies.MAX_ATTACHMENTS_BYTES) {
            throw new IllegalArgumentException("attachments take " + total + " bytes together (expected: <= "
                    + Bodies.MAX_ATTACHMENTS_BYTES + ", keys and values in UTF-8)");
        }
    }

    private static String abbreviated(String key) {
        return key.length() <= 40 ? key : key.substring(0, 40) + "...";
    }

    /** Restores the context that was current before {@link #attach()}; closing twice restores it twice. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        /** Restores the previous context; never throws. */
        @Override
        void close();
    }
}
