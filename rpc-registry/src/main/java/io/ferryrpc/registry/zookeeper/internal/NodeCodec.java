package io.ferryrpc.registry.zookeeper.internal;

import io.ferryrpc.core.spi.ConsumerInfo;
import io.ferryrpc.core.spi.ProviderInfo;
import io.ferryrpc.core.spi.ServiceKey;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Node data as Java properties text: readable with {@code zkCli.sh get}, and free of any serializer. Call IDs are
 * {@code call.<signature>=<id>}.
 */
public final class NodeCodec {

    private static final String CALL_PREFIX = "call.";

    private NodeCodec() {}

    /** Encodes a provider record. */
    public static byte[] encode(ProviderInfo p) {
        Properties props = new Properties();
        props.setProperty("service", p.service().name());
        props.setProperty("version", p.service().version());
        props.setProperty("group", p.service().group());
        props.setProperty("host", p.host());
        props.setProperty("port", Integer.toString(p.port()));
        props.setProperty("weight", Integer.toString(p.weight()));
        props.setProperty("serializers", Integer.toString(p.serializerId()));
        props.setProperty("application", p.application());
        props.setProperty("startTime", Long.toString(p.startTimeMillis()));
        if (!p.descriptionDigest().isEmpty()) {
            props.setProperty("description", p.descriptionDigest());
        }
        for (Map.Entry<String, Integer> e : p.callIds().entrySet()) {
            props.setProperty(CALL_PREFIX + e.getKey(), Integer.toString(e.getValue()));
        }
        return store(props);
    }

    /**
     * Decodes a provider record.
     *
     * @throws IllegalArgumentException if the data is not a provider record
     */
    public static ProviderInfo decodeProvider(byte[] data) {
        Properties props = load(data);
        try {
            Map<String, Integer> callIds = new TreeMap<>();
            for (String name : props.stringPropertyNames()) {
                if (name.startsWith(CALL_PREFIX)) {
                    callIds.put(name.substring(CALL_PREFIX.length()), Integer.parseInt(props.getProperty(name)));
                }
            }
            return new ProviderInfo(
                    new ServiceKey(required(props, "service"), required(props, "version"),
                            props.getProperty("group", "")),
                    required(props, "host"),
                    Integer.parseInt(required(props, "port")),
                    Integer.parseInt(props.getProperty("weight", "100")),
                    Byte.parseByte(props.getProperty("serializers", "1").split(",")[0].trim()),
                    props.getProperty("application", ""),
                    Long.parseLong(props.getProperty("startTime", "0")),
                    callIds,
                    props.getProperty("description", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed provider record: " + e.getMessage(), e);
        }
    }

    /** Encodes a consumer record. */
    public static byte[] encode(ConsumerInfo c) {
        Properties props = new Properties();
        props.setProperty("service", c.service().toString());
        props.setProperty("host", c.host());
        props.setProperty("pid", Long.toString(c.pid()));
        props.setProperty("application", c.application());
        props.setProperty("startTime", Long.toString(c.startTimeMillis()));
        return store(props);
    }

    /**
     * Decodes a consumer record.
     *
     * @throws IllegalArgumentException if the data is not a consumer record
     */
    public static ConsumerInfo decodeConsumer(byte[] data) {
        Properties props = load(data);
        String[] key = required(props, "service", "consumer").split(":", 3);
        if (key.length < 2 || key[0].isEmpty() || key[1].isEmpty()) {
            throw new IllegalArgumentException("malformed consumer record: service " + props.getProperty("service")
                    + " is not name:version[:group]");
        }
        try {
            return new ConsumerInfo(new ServiceKey(key[0], key[1], key.length > 2 ? key[2] : ""),
                    required(props, "host", "consumer"), Long.parseLong(required(props, "pid", "consumer")),
                    props.getProperty("application", ""), Long.parseLong(props.getProperty("startTime", "0")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed consumer record: " + e.getMessage(), e);
        }
    }

    private static String required(Properties props, String name) {
        return required(props, name, "provider");
    }

    private static String required(Properties props, String name, String kind) {
        String value = props.getProperty(name);
        if (value == null) {
            throw new IllegalArgumentException(kind + " record has no " + name);
        }
        return value;
    }

    private static byte[] store(Properties props) {
        StringWriter out = new StringWriter();
        try {
            props.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Drop the date comment that Properties.store always writes first.
        String text = out.toString();
        return text.substring(text.indexOf('\n') + 1).getBytes(StandardCharsets.UTF_8);
    }

    private static Properties load(byte[] data) {
        Properties props = new Properties();
        try {
            props.load(new StringReader(new String(data, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed node data: " + e.getMessage(), e);
        }
        return props;
    }
}
