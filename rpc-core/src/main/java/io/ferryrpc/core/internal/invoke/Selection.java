package io.ferryrpc.core.internal.invoke;

import io.ferryrpc.core.internal.cluster.balance.Balancers;
import io.ferryrpc.core.internal.transport.ClientConnection;
import io.ferryrpc.core.internal.transport.OutlierState;
import io.ferryrpc.core.spi.LoadBalancer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Narrows the candidates to those worth trying now, then lets the load balancer choose. */
final class Selection {

    private Selection() {}

    /**
     * A provider chosen for one attempt.
     *
     * @param candidate the provider
     * @param probe whether this attempt is the outlier probe of an ejected provider
     */
    record Choice(Candidate candidate, boolean probe) {

        /** Gives back the probe this choice claimed, for a choice that will not be sent after all. */
        void unused() {
            if (probe) {
                candidate.connection().outlier().onInconclusive(true);
            }
        }
    }

    /**
     * Returns the provider for the next attempt: the balancer's choice among available candidates not yet
     * {@code tried} (claiming the single probe of a provider on probation); with none of those available, any
     * candidate not yet tried (its send then reports why it cannot be used), so that a cluster whose providers were
     * all ejected at once (a pause of the consumer times out every provider's calls) still fails over; for a retry
     * with every candidate tried, {@code null}.
     */
    static Choice choose(List<Candidate> candidates, Collection<ClientConnection> tried,
            LoadBalancer balancer, String service, String method, Object[] arguments) {
        List<Candidate> usable = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            if (c.connection().isAvailable() && !tried.contains(c.connection())) {
                usable.add(c);
            }
        }
        while (!usable.isEmpty()) {
            Candidate picked = pick(usable, balancer, service, method, arguments);
            OutlierState.Admission admission = picked.connection().outlier().tryAdmit();
            if (admission != OutlierState.Admission.REFUSED) {
                return new Choice(picked, admission == OutlierState.Admission.PROBE);
            }
            usable.remove(picked);
        }
        List<Candidate> untried = untried(candidates, tried);
        if (untried.isEmpty()) {
            return null;
        }
        return new Choice(pick(untried, balancer, service, method, arguments), false);
    }

    /**
     * Returns how many providers an attempt and its retries could go to, {@code current} included: the available
     * untried ones, or where none is available all untried ones, as {@link #choose} would fall back to them.
     */
    static int reachable(List<Candidate> candidates, Collection<ClientConnection> tried, Candidate current) {
        int available = 0;
        int untried = 0;
        for (Candidate c : candidates) {
            if (c.connection() == current.connection() || tried.contains(c.connection())) {
                continue;
            }
            untried++;
            if (c.connection().isAvailable()) {
                available++;
            }
        }
        return available > 0 ? available : untried;
    }

    private static List<Candidate> untried(List<Candidate> candidates, Collection<ClientConnection> tried) {
        if (tried.isEmpty()) {
            return candidates;
        }
        List<Candidate> untried = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            if (!tried.contains(c.connection())) {
                untried.add(c);
            }
        }
        return untried;
    }

    /** Asks the balancer, and falls back to weighted random if it answers with something it was not offered. */
    private static Candidate pick(List<Candidate> offered, LoadBalancer balancer, String service, String method,
            Object[] arguments) {
        Candidate picked = null;
        try {
            picked = balancer.select(offered, service, method, arguments);
        } catch (RuntimeException e) {
            log.warn("load balancer {} failed; using weighted random: {}", balancer.name(), e.toString());
        }
        if (picked == null || !offered.contains(picked)) {
            if (picked != null) {
                log.warn("load balancer {} chose a provider it was not offered; using weighted random",
                        balancer.name());
            }
            picked = Balancers.WEIGHTED_RANDOM.select(offered, service, method, arguments);
        }
        return picked;
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Selection.class);
}
