package io.ferryrpc.examples.shop.demo;

import io.ferryrpc.examples.shop.order.Json;
import io.ferryrpc.examples.shop.order.OrderReport;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a demo run came to, as the launcher prints it in its last line ({@code SUMMARY {...}}).
 *
 * @param orders the order system's report
 * @param stoppedMachine the payment machine stopped midway, or {@code null}
 * @param stoppedAfterOrder the last order placed before it was told to stop (0 if none was stopped)
 * @param consumersDroppedMillis how long after the SIGTERM the order system had taken it off its list
 * @param stoppedExitCode the stopped machine's exit code (143: it ended on SIGTERM after its shutdown hook)
 * @param paidAfterStopBy payments of the orders placed after the stop, per payment machine
 * @param dashboard the monitor center's dashboard URL
 * @param childPids the process ids of the machines started as separate JVMs
 * @param childrenExitedCleanly whether every machine exited by itself when asked (none had to be killed)
 */
public record DemoSummary(OrderReport orders, String stoppedMachine, int stoppedAfterOrder, long consumersDroppedMillis,
        int stoppedExitCode, Map<String, Integer> paidAfterStopBy, String dashboard, List<Long> childPids,
        boolean childrenExitedCleanly) {

    /** Copies the collections. */
    public DemoSummary {
        paidAfterStopBy = Map.copyOf(paidAfterStopBy);
        childPids = List.copyOf(childPids);
    }

    /** Returns the summary as one JSON object. */
    public String toJson() {
        return "{\"orders\":" + orders.toJson()
                + ",\"stoppedMachine\":" + (stoppedMachine == null ? "null" : Json.string(stoppedMachine))
                + ",\"stoppedAfterOrder\":" + stoppedAfterOrder
                + ",\"consumersDroppedMillis\":" + consumersDroppedMillis
                + ",\"stoppedExitCode\":" + stoppedExitCode
                + ",\"paidAfterStopBy\":" + Json.counts(paidAfterStopBy)
                + ",\"dashboard\":" + Json.string(dashboard)
                + ",\"childPids\":[" + childPids.stream().map(String::valueOf).collect(Collectors.joining(",")) + "]"
                + ",\"childrenExitedCleanly\":" + childrenExitedCleanly + "}";
    }
}
