package io.ferryrpc.registry.zookeeper;

import io.ferryrpc.core.fixtures.CountingService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link CountingService} provider that records how often each read and write id ran here. */
final class RecordingCounter implements CountingService {

    final String name;
    final Map<Long, Integer> reads = new ConcurrentHashMap<>();
    final Map<Long, Integer> writes = new ConcurrentHashMap<>();

    RecordingCounter(String name) {
        this.name = name;
    }

    @Override
    public String read(long id) {
        reads.merge(id, 1, Integer::sum);
        return name;
    }

    @Override
    public String write(long id) {
        writes.merge(id, 1, Integer::sum);
        return name;
    }
}
