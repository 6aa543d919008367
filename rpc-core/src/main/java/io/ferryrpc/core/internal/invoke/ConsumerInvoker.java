package io.ferryrpc.core.internal.invoke;

import io.ferryrpc.api.ClusterMode;
import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.RpcContext;
import io.ferryrpc.core.internal.auth.AuthAttachments;
import io.ferryrpc.core.internal.auth.RequestSigner;
import io.ferryrpc.core.internal.cluster.MethodPolicy;
import io.ferryrpc.core.internal.descriptor.CallKind;
import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.filter.CallInvocation;
import io.ferryrpc.core.internal.filter.FilterChain;
import io.ferryrpc.core.internal.protocol.Bodies;
import io.ferryrpc.core.internal.protocol.Frame;
import io.ferryrpc.core.internal.protocol.FrameHeader;
import io.ferryrpc.core.internal.protocol.MessageType;
import io.ferryrpc.core.internal.protocol.Status;
import io.ferryrpc.core.internal.transport.ClientConnection;
import io.ferryrpc.core.internal.transport.PendingCall;
import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.spi.ServiceKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the calls of one proxy and hands their results back: waiting on the caller's thread, through a
 * {@code CompletableFuture} completed on the consumer executor, or not at all for a one-way call.
 *
 * <p>Failed attempts are handled by the method's {@link ClusterMode}. Under failover, a call that certainly did not
 * run (never sent, or refused with {@code SERVER_BUSY}) is retried on another provider; a call that may have run
 * (timeout, broken connection) is retried only if the method is idempotent, and then each attempt gets an equal
 * share of what is left of the deadline, so retries never extend the caller's wait.
 *
 * <p>Each call carries the attachments of the caller's {@link RpcContext} and gets no more time than its deadline
 * leaves; an asynchronous call's future is completed inside that context, so continuations chained on it see it.
 */
public final class ConsumerInvoker {

    private static final Logger log = LoggerFactory.getLogger(ConsumerInvoker.class);
    private static final Object[] NO_ARGUMENTS = new Object[0];
    private static final int REQUEST_ID_OFFSET = 6;
    private static final int CALL_ID_OFFSET = FrameHeader.LENGTH;
    private static final int TIMEOUT_OFFSET = FrameHeader.LENGTH + 4;
    private static final byte SERVER_BUSY = Status.of(RpcException.Code.SERVER_BUSY);

    private final String service;
    private final ServiceKey key;
    private final String application;
    private final FilterChain filters;
    private final Directory directory;
    private final Map<MethodDescriptor, MethodPolicy> policies;
    private final Executor callbackExecutor;
    private final byte serializerId;
    private final int maxBodyLength;
    private final RequestSigner signer;

    /**
     * Creates an invoker over the providers of {@code directory}, with a resolved policy for every method, that
     * adds the credentials of {@code signer} (if not {@code null}) to every request.
     */
    public ConsumerInvoker(ServiceKey key, String application, FilterChain filters, Directory directory,
            Map<MethodDescriptor, MethodPolicy> policies, Executor callbackExecutor, byte serializerId,
            int maxBodyLength, RequestSigner signer) {
        this.service = key.toString();
        this.key = key;
        this.application = application;
        this.filters = filters;
        this.directory = directory;
        this.policies = Map.copyOf(policies);
        this.callbackExecutor = callbackExecutor;
        this.serializerId = serializerId;
        this.maxBodyLength = maxBodyLength;
        this.signer = signer;
    }

    /** Calls {@code method} with {@code arguments} and returns what the proxy method returns. */
    public Object invoke(MethodDescriptor method, Object[] arguments) throws Throwable {
        Object[] args = arguments == null ? NO_ARGUMENTS : arguments;
        MethodPolicy policy = policies.get(method);
        RpcContext context = RpcContext.current();
        if (!filters.isEmpty()) {
            return invokeFiltered(method, policy, args, context);
        }
        switch (method.kind()) {
            case ONEWAY -> {
                sendOneway(method, policy, args, context.attachments(), context);
                return null;
            }
            case SYNC -> {
                try {
                    return await(start(method, policy, args, context.attachments(), context), null);
                } catch (RpcException e) {
                    if (!swallowedByFailsafe(policy, e)) {
                        throw e;
                    }
                    log.warn("failsafe call {} failed; returning the default value: {}", method.signature(),
                            e.toString());
                    return defaultValue(method.returnClass());
                }
            }
            case ASYNC -> {
                Call call;
                try {
                    call = start(method, policy, args, context.attachments(), context);
                } catch (RpcException e) {
                    // An asynchronous caller looks for failures in the future, not in a thrown exception.
                    return swallowedByFailsafe(policy, e) ? CompletableFuture.completedFuture(null)
                            : CompletableFuture.failedFuture(e);
                }
                CompletableFuture<Object> result = new CompletableFuture<>();
                call.frame.whenComplete((response, error) ->
                        completeAsync(call, response, error, result, null, true, context));
                result.whenComplete((value, error) -> {
                    if (result.isCancelled()) {
                        call.cancel();
                    }
                });
                return result;
            }
            default -> throw new IllegalStateException("unknown call kind " + method.kind());
        }
    }

    /**
     * Returns the time a call gets: its method's timeout, or less if the caller's context has a deadline sooner.
     *
     * @throws RpcException {@code TIMEOUT} if that deadline has passed: the call is not sent
     */
    private static long timeoutMillis(MethodDescriptor method, MethodPolicy policy, RpcContext context) {
        if (!context.hasDeadline()) {
            return policy.timeoutMillis();
        }
        long left = context.remainingNanos();
        if (left <= 0) {
            throw new RpcException(RpcException.Code.TIMEOUT, "the deadline of the calling context passed before "
                    + method.signature() + " was sent; it was not sent");
        }
        return Math.min(policy.timeoutMillis(), Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    }

    private void sendOneway(MethodDescriptor method, MethodPolicy policy, Object[] args,
            Map<String, String> attachments, RpcContext context) {
        long timeoutMillis = timeoutMillis(method, policy, context);
        Selection.Choice choice = choose(method, policy, args, List.of());
        // A one-way call has no outcome to judge a probe by.
        choice.unused();
        Candidate target = choice.candidate();
        ByteBuf frame = encode(MessageType.ONEWAY, method, args, timeoutMillis, attachments);
        frame.setLong(REQUEST_ID_OFFSET, target.connection().nextRequestId());
        frame.setInt(CALL_ID_OFFSET, target.callId(method));
        target.connection().send(frame, null, 0);
    }

    /**
     * The call wrapped in the consumer's filters. The call itself is started by the innermost link; a synchronous
     * caller then decodes the answer on its own thread, an asynchronous one gets it from the consumer executor, so
     * filters never run on an IO thread. Failsafe applies outside the filters, which see the real outcome.
     */
    private Object invokeFiltered(MethodDescriptor method, MethodPolicy policy, Object[] args, RpcContext context)
            throws Throwable {
        CallInvocation invocation = new CallInvocation(Filter.Side.CONSUMER, key, method.name(),
                method.signature(), args, new HashMap<>(context.attachments()), application, "");
        Call[] started = new Call[1];
        CompletableFuture<Object> terminal = new CompletableFuture<>();
        CompletionStage<Object> out = filters.run(invocation, inv -> {
            switch (method.kind()) {
                case ONEWAY -> {
                    sendOneway(method, policy, args, inv.attachments(), context);
                    return CompletableFuture.completedFuture(null);
                }
                case SYNC -> started[0] = start(method, policy, args, inv.attachments(), context);
                default -> {
                    Call call = start(method, policy, args, inv.attachments(), context);
                    started[0] = call;
                    call.frame.whenComplete((response, error) ->
                            completeAsync(call, response, error, terminal, invocation, false, context));
                }
            }
            return terminal;
        });
        if (method.kind() == CallKind.ASYNC) {
            CompletableFuture<Object> result = new CompletableFuture<>();
            out.whenComplete((value, error) -> {
                Throwable cause = unwrap(error);
                if (cause == null) {
                    result.complete(value);
                } else if (swallowedByFailsafe(policy, cause)) {
                    result.complete(null);
                } else {
                    result.completeExceptionally(cause);
                }
            });
            result.whenComplete((value, error) -> {
                if (result.isCancelled() && started[0] != null) {
                    started[0].cancel();
                }
            });
            return result;
        }
        if (method.kind() == CallKind.SYNC && started[0] != null) {
            try {
                terminal.complete(await(started[0], invocation));
            } catch (Throwable t) {
                if (invocation.peer().isEmpty()) {
                    invocation.answered(started[0].peer(), -1);
                }
                terminal.completeExceptionally(t);
            }
        }
        try {
            // A context deadline only ever shortens the call, so the method's timeout bounds it.
            return out.toCompletableFuture().get(policy.timeoutMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e.getCause());
            if (swallowedByFailsafe(policy, cause)) {
                log.warn("failsafe call {} failed; returning the default value: {}", method.signature(),
                        cause.toString());
                return defaultValue(method.returnClass());
            }
            throw cause;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new RpcException(RpcException.Code.TIMEOUT, "a filter did not complete " + method.signature()
                    + " long after its deadline");
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Failsafe swallows failures of the call itself, not exceptions the provider's method threw on purpose: those
     * reach the caller as in any other mode.
     */
    private static boolean swallowedByFailsafe(MethodPolicy policy, Throwable error) {
        return policy.cluster() == ClusterMode.FAILSAFE && error instanceof RpcException e
                && e.code() != RpcException.Code.REMOTE_ERROR;
    }

    /**
     * One logical call across its attempts; {@link #frame} completes with the winning response frame, which its
     * receiver releases.
     */
    private final class Call implements PendingCall.Outcome {
        final MethodDescriptor method;
        final MethodPolicy policy;
        final Object[] arguments;
        final ByteBuf template;
        final long deadlineNanos;
        final boolean forking;
        final List<ClientConnection> tried = new ArrayList<>(2);
        final List<PendingCall> outstanding = new ArrayList<>(2);
        final CompletableFuture<Frame> frame = new CompletableFuture<>();
        boolean cancelled;
        boolean finished;
        int retriesLeft;
        int running;
        /** Forks chosen but not sent yet: the call must not finish before they have had their chance. */
        int expected;
        Throwable lastError;
        /** A fork's non-OK answer, kept in case no fork succeeds. */
        Frame fallback;
        /** The last SERVER_BUSY answer, kept in case no retry follows. */
        Frame busy;
        volatile PendingCall winner;

        Call(MethodDescriptor method, MethodPolicy policy, Object[] arguments, ByteBuf template, long timeoutMillis) {
            this.method = method;
            this.policy = policy;
            this.arguments = arguments;
            this.template = template;
            this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            this.forking = policy.cluster() == ClusterMode.FORKING;
            this.retriesLeft = policy.cluster() == ClusterMode.FAILOVER ? policy.retries() : 0;
        }

        /** Sends one attempt; {@code share} splits what is left of the deadline among the attempts that may follow. */
        synchronized void attempt(Selection.Choice choice, boolean share) {
            if (finished) {
                choice.unused();
                return;
            }
            if (cancelled) {
                choice.unused();
                finishLocked(null, new RpcException(RpcException.Code.CANCELLED,
                        "call to " + method.signature() + " was cancelled by its caller"));
                return;
            }
            long remaining = deadlineNanos - System.nanoTime();
            long budget = share ? remaining / (Math.min(retriesLeft, untriedCount(choice)) + 1) : remaining;
            long millis = Math.max(1, (budget + 999_999) / 1_000_000);
            Candidate target = choice.candidate();
            ClientConnection connection = target.connection();
            PendingCall pending = connection.newCall(method, millis, this);
            if (choice.probe()) {
                pending.markProbe();
            }
            tried.add(connection);
            outstanding.add(pending);
            running++;
            if (expected > 0) {
                expected--;
            }
            ByteBuf out = null;
            try {
                out = tried.size() == 1 ? template.retainedDuplicate() : template.copy();
                out.setLong(REQUEST_ID_OFFSET, pending.requestId());
                out.setInt(CALL_ID_OFFSET, target.callId(method));
                out.setInt(TIMEOUT_OFFSET, (int) Math.min(Integer.MAX_VALUE, millis));
                ByteBuf sending = out;
                out = null;
                connection.send(sending, pending, millis);
            } catch (RuntimeException e) {
                if (out != null) {
                    out.release();
                }
                pending.abandon();
                throw e;
            }
        }

        @Override
        public void onOutcome(PendingCall pending, Frame response, Throwable error) {
            try {
                onAttempt(pending, response, error);
            } catch (Throwable t) {
                // Never leave the caller waiting: whatever broke here ends the call.
                synchronized (this) {
                    if (!finished) {
                        finishLocked(null, t);
                    }
                }
            }
        }

        /** Counts the providers other than {@code current} that a retry could still go to. */
        private int untriedCount(Selection.Choice current) {
            try {
                return Selection.reachable(directory.candidates(method), tried, current.candidate());
            } catch (RuntimeException e) {
                return 0;
            }
        }

        private void onAttempt(PendingCall pending, Frame response, Throwable error) {
            recordHealth(pending, response, error);
            boolean share;
            synchronized (this) {
                running--;
                outstanding.remove(pending);
                if (finished) {
                    if (response != null) {
                        response.release();
                    }
                    return;
                }
                boolean won = response != null && (forking ? response.status() == Status.OK
                        : response.status() != SERVER_BUSY);
                if (won) {
                    winner = pending;
                    finishLocked(response, null);
                    return;
                }
                if (response != null && response.status() != SERVER_BUSY && fallback == null) {
                    fallback = response;
                    winner = pending;
                } else if (response != null) {
                    // SERVER_BUSY: kept, with the provider's reason, in case no retry follows.
                    if (busy != null) {
                        busy.release();
                    }
                    busy = response;
                    winner = pending;
                } else {
                    lastError = error;
                }
                if (running > 0 || expected > 0) {
                    return; // a forked sibling may still answer
                }
                if (fallback != null || !mayRetry(pending, response, error)) {
                    finishWithWhatWeHave();
                    return;
                }
                share = policy.idempotent();
            }
            // The next provider is chosen and the retry sent off the IO and timer threads.
            try {
                callbackExecutor.execute(() -> retry(share));
            } catch (RejectedExecutionException e) {
                retry(share);
            }
        }

        private void retry(boolean share) {
            Selection.Choice next;
            synchronized (this) {
                if (finished) {
                    return;
                }
                next = untried();
                if (next == null || cancelled) {
                    if (next != null) {
                        next.unused();
                    }
                    finishWithWhatWeHave();
                    return;
                }
                retriesLeft--;
                if (busy != null) {
                    busy.release();
                    busy = null;
                }
            }
            try {
                attempt(next, share);
            } catch (RuntimeException e) {
                synchronized (this) {
                    if (!finished) {
                        finishLocked(null, e);
                    }
                }
            }
        }

        private void finishWithWhatWeHave() {
            Frame kept = fallback != null ? fallback : busy;
            if (kept != null) {
                if (kept == fallback) {
                    fallback = null;
                } else {
                    busy = null;
                }
                finishLocked(kept, null);
            } else {
                finishLocked(null, lastError);
            }
        }

        private boolean mayRetry(PendingCall pending, Frame response, Throwable error) {
            if (retriesLeft <= 0 || cancelled || System.nanoTime() >= deadlineNanos) {
                return false;
            }
            if (response != null) {
                return response.status() == SERVER_BUSY;
            }
            if (!(error instanceof RpcException e)) {
                return false;
            }
            boolean unprocessed = e.code().neverProcessed()
                    || e.code() == RpcException.Code.CONNECTION_FAILED && !pending.wasSent();
            boolean mayHaveRun = e.code() == RpcException.Code.TIMEOUT
                    || e.code() == RpcException.Code.CONNECTION_FAILED;
            return unprocessed || policy.idempotent() && mayHaveRun;
        }

        /** Returns an available provider not tried yet, or {@code null}: retrying the same one is pointless. */
        private Selection.Choice untried() {
            try {
                return choose(method, policy, arguments, tried);
            } catch (RuntimeException e) {
                return null;
            }
        }

        private void finishLocked(Frame response, Throwable error) {
            finished = true;
            template.release();
            if (fallback != null && fallback != response) {
                fallback.release();
                fallback = null;
            }
            if (busy != null && busy != response) {
                busy.release();
                busy = null;
            }
            if (!outstanding.isEmpty()) {
                for (PendingCall sibling : List.copyOf(outstanding)) {
                    sibling.abandon();
                }
            }
            if (response != null) {
                if (!frame.complete(response)) {
                    response.release();
                }
            } else {
                frame.completeExceptionally(error != null ? error : new RpcException(RpcException.Code.INTERNAL,
                        "call to " + method.signature() + " ended without an answer or an error"));
            }
        }

        synchronized void cancel() {
            cancelled = true;
            for (PendingCall pending : List.copyOf(outstanding)) {
                pending.abandon();
            }
            if (running == 0 && !finished) {
                finishLocked(null, new RpcException(RpcException.Code.CANCELLED,
                        "call to " + method.signature() + " was cancelled by its caller"));
            }
        }

        String provider() {
            PendingCall pending = winner;
            return pending == null ? "?" : pending.connection().address();
        }

        /** Returns the provider that answered, or else the last one tried, or an empty string. */
        synchronized String peer() {
            PendingCall pending = winner;
            if (pending != null) {
                return pending.connection().address();
            }
            return tried.isEmpty() ? "" : tried.get(tried.size() - 1).address();
        }
    }

    /** Feeds outlier ejection: an answer is health, a broken connection or a timeout is not. */
    private static void recordHealth(PendingCall pending, Frame response, Throwable error) {
        if (response != null) {
            pending.connection().outlier().onSuccess(pending.isProbe(), pending.startNanos());
        } else if (error instanceof RpcException e && (e.code() == RpcException.Code.TIMEOUT
                || e.code() == RpcException.Code.CONNECTION_FAILED || e.code() == RpcException.Code.PROTOCOL)) {
            pending.connection().outlier().onFailure(pending.connection().address(), pending.isProbe(),
                    pending.startNanos());
        } else {
            pending.connection().outlier().onInconclusive(pending.isProbe());
        }
    }

    /** Returns the provider for an attempt, or {@code null} for a retry with no untried provider left. */
    private Selection.Choice choose(MethodDescriptor method, MethodPolicy policy, Object[] args,
            List<ClientConnection> tried) {
        return Selection.choose(directory.candidates(method), tried, policy.balancer(), service, method.signature(),
                args);
    }

    /**
     * Starts a call, its time counted from now: what is left of the context's deadline after the consumer filters
     * ran, if that is less than the method's timeout.
     */
    private Call start(MethodDescriptor method, MethodPolicy policy, Object[] args, Map<String, String> attachments,
            RpcContext context) {
        long timeoutMillis = timeoutMillis(method, policy, context);
        // Every target is chosen before anything is encoded, so a failing choice leaves nothing to release.
        Selection.Choice first = choose(method, policy, args, List.of());
        List<Selection.Choice> targets = policy.cluster() == ClusterMode.FORKING
                ? forkTargets(method, policy, args, first) : List.of(first);
        ByteBuf template;
        try {
            template = encode(MessageType.REQUEST, method, args, timeoutMillis, attachments);
        } catch (RuntimeException e) {
            targets.forEach(Selection.Choice::unused);
            throw e;
        }
        Call call = new Call(method, policy, args, template, timeoutMillis);
        synchronized (call) {
            call.expected = targets.size();
            try {
                for (Selection.Choice target : targets) {
                    call.attempt(target, policy.idempotent() && call.retriesLeft > 0);
                }
            } catch (RuntimeException e) {
                if (!call.finished) {
                    call.finishLocked(null, e);
                }
            }
        }
        return call;
    }

    /** Returns {@code first} and up to {@code forks - 1} more distinct providers for a forking call. */
    private List<Selection.Choice> forkTargets(MethodDescriptor method, MethodPolicy policy, Object[] args,
            Selection.Choice first) {
        List<Selection.Choice> targets = new ArrayList<>(policy.forks());
        List<ClientConnection> chosen = new ArrayList<>(policy.forks());
        targets.add(first);
        chosen.add(first.candidate().connection());
        while (targets.size() < policy.forks()) {
            Selection.Choice next;
            try {
                next = choose(method, policy, args, chosen);
            } catch (RuntimeException e) {
                next = null;
            }
            if (next == null) {
                break;
            }
            targets.add(next);
            chosen.add(next.candidate().connection());
        }
        return targets;
    }

    private ByteBuf encode(MessageType type, MethodDescriptor method, Object[] args, long timeout,
            Map<String, String> attachments) {
        ByteBuf out = ByteBufAllocator.DEFAULT.ioBuffer();
        try {
            int start = FrameHeader.start(out, type, serializerId, method.generic() ? FrameHeader.FLAG_GENERIC : 0, 0);
            // Credentials are added here, after every filter, and reserved keys set by anyone else are dropped.
            Map<String, String> sent = signer == null ? AuthAttachments.withoutReserved(attachments)
                    : signer.stamp(attachments, key, method.signature());
            try {
                Bodies.writeRequestPrefix(out, method.callId(), (int) Math.min(Integer.MAX_VALUE, timeout), sent);
            } catch (IllegalArgumentException e) {
                throw new RpcException(RpcException.Code.SERIALIZATION, "request to " + method.signature()
                        + " was not sent: " + e.getMessage());
            }
            method.argumentCodec().encode(args, out);
            FrameHeader.finish(out, start);
            int bodyLength = out.readableBytes() - FrameHeader.LENGTH;
            if (bodyLength > maxBodyLength) {
                throw new RpcException(RpcException.Code.SERIALIZATION, "request to " + method.signature() + " is "
                        + bodyLength + " bytes, over the limit of " + maxBodyLength + "; it was not sent");
            }
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private static Object await(Call call, CallInvocation invocation) throws Throwable {
        Frame frame;
        try {
            // The timer completes every call by its deadline; the extra bound only guards against a bug there.
            long wait = call.deadlineNanos - System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            frame = call.frame.get(Math.max(0, wait), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            call.cancel();
            call.frame.thenAccept(Frame::release);
            throw new RpcException(RpcException.Code.TIMEOUT, "no answer for " + call.method.signature()
                    + " long after its deadline");
        } catch (InterruptedException e) {
            call.cancel();
            call.frame.thenAccept(Frame::release);
            Thread.currentThread().interrupt();
            throw new RpcException(RpcException.Code.CANCELLED,
                    "interrupted while waiting for " + call.method.signature(), e);
        } catch (ExecutionException e) {
            throw relocated(e.getCause());
        }
        if (invocation != null) {
            invocation.answered(call.provider(), Replies.processingNanos(frame));
        }
        return Replies.read(frame, call.method, call.provider());
    }

    /** Completes {@code result} on the consumer executor, inside the context the call was made in. */
    private void completeAsync(Call call, Frame response, Throwable error, CompletableFuture<Object> result,
            CallInvocation invocation, boolean failsafe, RpcContext context) {
        try {
            callbackExecutor.execute(() -> context.run(() -> {
                if (error != null) {
                    if (invocation != null) {
                        invocation.answered(call.peer(), -1);
                    }
                    failAsync(call, error, result, failsafe);
                    return;
                }
                try {
                    if (invocation != null) {
                        invocation.answered(call.provider(), Replies.processingNanos(response));
                    }
                    result.complete(Replies.read(response, call.method, call.provider()));
                } catch (Throwable t) {
                    failAsync(call, t, result, failsafe);
                }
            }));
        } catch (RejectedExecutionException e) {
            if (response != null) {
                response.release();
            }
            result.completeExceptionally(new RpcException(RpcException.Code.INTERNAL,
                    "consumer executor refused to complete " + call.method.signature() + " (closed or full)", e));
        }
    }

    private static void failAsync(Call call, Throwable error, CompletableFuture<Object> result, boolean failsafe) {
        if (failsafe && swallowedByFailsafe(call.policy, error)) {
            log.warn("failsafe call {} failed; completing with null: {}", call.method.signature(), error.toString());
            result.complete(null);
        } else {
            result.completeExceptionally(error);
        }
    }

    private static Object defaultValue(Class<?> type) {
        if (!type.isPrimitive() || type == void.class) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return (char) 0;
        }
        if (type == float.class) {
            return 0f;
        }
        if (type == double.class) {
            return 0d;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        return type == short.class ? (short) 0 : (Object) 0;
    }

    /** Re-creates a failure raised on a timer or IO thread so that its stack trace shows the caller. */
    private static Throwable relocated(Throwable failure) {
        if (failure instanceof RpcException r) {
            return new RpcException(r.code(), r.getMessage(), r.getCause());
        }
        return failure;
    }
}
