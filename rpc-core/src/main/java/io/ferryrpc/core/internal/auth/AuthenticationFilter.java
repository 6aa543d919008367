package io.ferryrpc.core.internal.auth;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.spi.Filter;
import io.ferryrpc.core.spi.Invocation;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider half of authentication: refuses with {@code FORBIDDEN} every call without valid credentials of a
 * known application, or from an application the service's allow list does not name.
 *
 * <p>It runs before any filter but the metrics one (which should see refused calls too) and reads only the
 * attachments: the provider decodes a call's arguments when something first asks for them, so a refused call never
 * has its arguments decoded and never reaches the service. Refusals do not say whether an application exists.
 */
public final class AuthenticationFilter implements Filter {

    /** Inside {@code MetricsFilter} ({@code MIN_VALUE + 1000}), outside everything else. */
    public static final int ORDER = Integer.MIN_VALUE + 2000;

    private static final Logger log = LoggerFactory.getLogger(AuthenticationFilter.class);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int MAX_NONCE_LENGTH = 64;
    /** Checked for unknown applications, so that they take as long to refuse as known ones with a wrong proof. */
    private static final AcceptedCredential UNKNOWN_TOKEN = AcceptedCredential.token("unknown");
    private static final AcceptedCredential UNKNOWN_SIGNED = AcceptedCredential.hmac(new byte[32]);

    private final Map<String, AcceptedCredential> accepted;
    private final Map<String, Set<String>> allowLists;
    private final long skewMillis;
    private final NonceCache nonces;
    private final LongAdder refused = new LongAdder();
    private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
    private long refusedAtLastWarn;

    /**
     * Creates the filter.
     *
     * @param accepted the credentials of each application
     * @param allowLists per service name, the applications that may call it; services not named admit all
     * @param skewMillis how far a signed request's timestamp may be from this clock
     * @param replayCacheSize how many recent nonces are remembered to refuse replays; 0 for none
     */
    public AuthenticationFilter(Map<String, AcceptedCredential> accepted, Map<String, Set<String>> allowLists,
            long skewMillis, int replayCacheSize) {
        this.accepted = Map.copyOf(accepted);
        this.allowLists = Map.copyOf(allowLists);
        this.skewMillis = skewMillis;
        this.nonces = replayCacheSize > 0 ? new NonceCache(replayCacheSize) : null;
    }

    @Override
    public int order() {
        return ORDER;
    }

    @Override
    public boolean appliesTo(Side side) {
        return side == Side.PROVIDER;
    }

    @Override
    public CompletionStage<Object> filter(Invocation invocation, Chain next) {
        String refusal = check(invocation);
        if (refusal != null) {
            refused.increment();
            report(invocation, refusal);
            return CompletableFuture.failedFuture(new RpcException(RpcException.Code.FORBIDDEN, refusal));
        }
        return next.proceed(invocation);
    }

    /** Returns why the call is refused, or {@code null} if it may proceed. */
    private String check(Invocation invocation) {
        Map<String, String> received = invocation.attachments();
        String call = invocation.service().name() + "." + invocation.method();
        String app = received.get(AuthAttachments.APP);
        boolean signed = received.containsKey(AuthAttachments.SIGNATURE);
        if (app == null || !signed && !received.containsKey(AuthAttachments.TOKEN)) {
            return "call to " + call + " refused: missing credentials (this provider requires them; set"
                    + " RpcClient.Builder.credentials)";
        }
        if (signed) {
            String nonce = received.get(AuthAttachments.NONCE);
            if (nonce == null || nonce.isEmpty() || nonce.length() > MAX_NONCE_LENGTH) {
                return invalid(call);
            }
            long timestamp;
            try {
                timestamp = Long.parseLong(String.valueOf(received.get(AuthAttachments.TIMESTAMP)));
            } catch (NumberFormatException e) {
                return invalid(call);
            }
            long now = System.currentTimeMillis();
            if (timestamp < now - skewMillis || timestamp > now + skewMillis) {
                return "call to " + call + " refused: its signature is more than " + skewMillis / 1000
                        + " s from this provider's clock (a replayed request, or a clock that is off)";
            }
        }
        AcceptedCredential credential = accepted.get(app);
        boolean known = credential != null && credential.signed() == signed;
        if (!known) {
            credential = signed ? UNKNOWN_SIGNED : UNKNOWN_TOKEN;
        }
        String methodId = signed ? Hmac.methodId(invocation.service().name(), invocation.signature()) : null;
        if (!credential.verify(app, methodId, received) || !known) {
            return invalid(call);
        }
        if (signed && nonces != null && !nonces.firstUse(received.get(AuthAttachments.NONCE))) {
            return "call to " + call + " refused: this signed request was received before (a replay)";
        }
        Set<String> allowed = allowLists.get(invocation.service().name());
        if (allowed != null && !allowed.contains(app)) {
            return "call to " + call + " refused: application '" + app + "' may not call "
                    + invocation.service().name();
        }
        AuthAttachments.removeProof(received);
        return null;
    }

    private static String invalid(String call) {
        return "call to " + call + " refused: invalid credentials";
    }

    /** One line per refusal at DEBUG; at WARN at most one line per 10 s, with the count since the last. */
    private void report(Invocation invocation, String refusal) {
        if (log.isDebugEnabled()) {
            log.debug("refused a call from {}: {}", invocation.peer(), printable(refusal));
        }
        long now = System.nanoTime();
        long last = lastWarnNanos.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarnNanos.compareAndSet(last, now)) {
            long total = refused.sum();
            long since;
            synchronized (this) {
                since = total - refusedAtLastWarn;
                refusedAtLastWarn = total;
            }
            log.warn("refused {} call(s) for their credentials since the last report; the latest from {}: {}",
                    since, invocation.peer(), printable(refusal));
        }
    }

    /** Keeps a consumer-chosen application name from writing control characters into the log. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 512));
        for (int i = 0; i < s.length() && i < 512; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }

    /** Returns how many calls were refused. */
    public long refused() {
        return refused.sum();
    }
}
