package io.ferryrpc.core.internal.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the address a provider publishes when the user did not name one: the bind address if it is specific, else
 * a routable address of an interface that is up (site-local IPv4 first), never a wildcard or loopback address.
 */
public final class AdvertisedAddress {

    /**
     * One address of one network interface, as far as the choice is concerned.
     *
     * @param interfaceName the interface's name
     * @param address the address
     * @param up whether the interface is up
     * @param virtual whether the interface is virtual (a sub-interface)
     */
    public record Candidate(String interfaceName, InetAddress address, boolean up, boolean virtual) {}

    private AdvertisedAddress() {}

    /** Returns the host to advertise for a server bound to {@code bindHost}. */
    public static String choose(String bindHost) {
        try {
            InetAddress bind = InetAddress.getByName(bindHost);
            if (!bind.isAnyLocalAddress()) {
                return bind.getHostAddress();
            }
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("bind address: " + bindHost + " is not resolvable", e);
        }
        return choose(interfaceCandidates()).orElseThrow(() -> new IllegalStateException(
                "no routable network address to advertise; set the server's host explicitly"));
    }

    /**
     * Returns a routable address of this machine to name it by (no traffic is sent to it), or the loopback address
     * on a machine that has none.
     */
    public static String chooseOrLoopback() {
        return choose(interfaceCandidates()).orElse(InetAddress.getLoopbackAddress().getHostAddress());
    }

    /** Returns the best routable candidate: up, not loopback/wildcard/link-local, IPv4 and site-local first. */
    public static Optional<String> choose(List<Candidate> candidates) {
        return candidates.stream()
                .filter(c -> c.up() && !c.virtual())
                .filter(c -> !c.address().isLoopbackAddress() && !c.address().isAnyLocalAddress()
                        && !c.address().isLinkLocalAddress() && !c.address().isMulticastAddress())
                .min(Comparator.comparing((Candidate c) -> !(c.address() instanceof Inet4Address))
                        .thenComparing(c -> !c.address().isSiteLocalAddress())
                        .thenComparing(Candidate::interfaceName))
                .map(c -> c.address().getHostAddress());
    }

    private static List<Candidate> interfaceCandidates() {
        List<Candidate> candidates = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                boolean up = nic.isUp();
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    candidates.add(new Candidate(nic.getName(), address, up, nic.isVirtual()));
                }
            }
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list network interfaces", e);
        }
        return candidates;
    }
}
