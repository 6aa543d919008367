package io.ferryrpc.registry.zookeeper.internal;

import io.ferryrpc.core.spi.ProviderInfo;
import io.ferryrpc.core.spi.ServiceKey;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last known provider lists of a client, kept in a file so that a client started while ZooKeeper is unreachable
 * can begin with them. Written atomically (temp file, then rename) after every change.
 */
public final class SnapshotFile {

    private static final Logger log = LoggerFactory.getLogger(SnapshotFile.class);

    private final Path file;
    private final Map<String, List<ProviderInfo>> lists = new ConcurrentHashMap<>();

    /** Opens the snapshot at {@code file}, reading what it holds if it exists. */
    public SnapshotFile(Path file) {
        this.file = file;
        if (Files.isRegularFile(file)) {
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(in);
                for (String name : props.stringPropertyNames()) {
                    int hash = name.lastIndexOf('#');
                    String key = hash < 0 ? name : name.substring(0, hash);
                    lists.computeIfAbsent(key, k -> new ArrayList<>())
                            .add(NodeCodec.decodeProvider(Base64.getDecoder().decode(props.getProperty(name))));
                }
            } catch (IOException | IllegalArgumentException e) {
                log.warn("ignoring unreadable registry snapshot {}: {}", file, e.toString());
                lists.clear();
            }
        }
    }

    /** Returns whether the file held any list when it was opened or since. */
    public boolean isEmpty() {
        return lists.isEmpty();
    }

    /** Returns the last known providers of {@code service}, or {@code null} if the snapshot has none. */
    public List<ProviderInfo> providers(ServiceKey service) {
        List<ProviderInfo> list = lists.get(service.toString());
        return list == null ? null : List.copyOf(list);
    }

    /** Records the current providers of {@code service} and rewrites the file. */
    public synchronized void update(ServiceKey service, List<ProviderInfo> providers) {
        lists.put(service.toString(), List.copyOf(providers));
        Properties props = new Properties();
        lists.forEach((key, list) -> {
            for (int i = 0; i < list.size(); i++) {
                props.setProperty(key + "#" + i, Base64.getEncoder().encodeToString(NodeCodec.encode(list.get(i))));
            }
        });
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                props.store(out, "Ferry registry snapshot: last known providers");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("cannot write the registry snapshot {}: {}", file, e.toString());
        }
    }
}
