package io.ferryrpc.registry.zookeeper.internal;

import io.ferryrpc.core.spi.ServiceKey;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Where Ferry's nodes live in ZooKeeper (below the chroot, which Curator's namespace adds). */
public final class FerryPaths {

    /** The root of everything Ferry writes. */
    public static final String ROOT = "/ferry/services";

    private FerryPaths() {}

    /** Returns the node of a service: {@code /ferry/services/<name>:<version>[:<group>]}. */
    public static String service(ServiceKey key) {
        return ROOT + "/" + segment(key.toString());
    }

    /** Returns the parent of a service's provider nodes. */
    public static String providers(ServiceKey key) {
        return service(key) + "/providers";
    }

    /** Returns the parent of a service's consumer nodes. */
    public static String consumers(ServiceKey key) {
        return service(key) + "/consumers";
    }

    /** Returns the node holding a service's description published under {@code digest}. */
    public static String description(ServiceKey key, String digest) {
        return child(service(key) + "/descriptions", digest);
    }

    /** Returns a child path whose last segment is {@code name}, made safe for ZooKeeper. */
    public static String child(String parent, String name) {
        return parent + "/" + segment(name);
    }

    /** Encodes the characters ZooKeeper's paths cannot hold ({@code /}) or that would confuse them. */
    private static String segment(String name) {
        return name.indexOf('/') < 0 && name.indexOf('%') < 0 ? name
                : URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
