package io.ferryrpc.benchmark.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds peers on the class path by name. */
public final class Peers {

    private Peers() {}

    /** Returns the peer called {@code name}, or throws naming the peers that are there. */
    public static Peer find(String name) {
        List<String> names = new ArrayList<>();
        for (Peer peer : ServiceLoader.load(Peer.class)) {
            if (peer.name().equals(name)) {
                return peer;
            }
            names.add(peer.name());
        }
        throw new IllegalArgumentException("no peer called " + name + " on this class path (found: " + names + ")");
    }
}
