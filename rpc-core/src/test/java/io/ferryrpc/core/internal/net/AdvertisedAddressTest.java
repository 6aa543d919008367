package io.ferryrpc.core.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.core.internal.net.AdvertisedAddress.Candidate;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Address selection is checked on synthetic interface lists: no traffic goes anywhere. */
@Timeout(10)
class AdvertisedAddressTest {

    private static Candidate candidate(String nic, String address, boolean up) throws UnknownHostException {
        return new Candidate(nic, InetAddress.getByName(address), up, false);
    }

    @Test
    void aSpecificBindAddressIsAdvertisedAsIs() {
        assertThat(AdvertisedAddress.choose("127.0.0.1")).isEqualTo("127.0.0.1");
    }

    @Test
    void prefersASiteLocalIpv4AddressAndNeverLoopbackOrWildcard() throws Exception {
        List<Candidate> candidates = List.of(
                candidate("lo", "127.0.0.1", true),
                candidate("any", "0.0.0.0", true),
                candidate("eth1", "fe80::1", true),
                candidate("eth2", "2001:db8::5", true),
                candidate("eth3", "203.0.113.7", true),
                candidate("eth0", "10.1.2.3", true));
        assertThat(AdvertisedAddress.choose(candidates)).contains("10.1.2.3");
    }

    @Test
    void skipsInterfacesThatAreDown() throws Exception {
        List<Candidate> candidates = List.of(
                candidate("eth0", "10.1.2.3", false),
                candidate("eth1", "192.168.5.6", true));
        assertThat(AdvertisedAddress.choose(candidates)).contains("192.168.5.6");
    }

    @Test
    void fallsBackToIpv6WhenThereIsNoIpv4() throws Exception {
        assertThat(AdvertisedAddress.choose(List.of(candidate("lo", "::1", true),
                candidate("eth0", "2001:db8::5", true)))).contains("2001:db8:0:0:0:0:0:5");
    }

    @Test
    void findsNothingOnALoopbackOnlyHost() throws Exception {
        assertThat(AdvertisedAddress.choose(List.of(candidate("lo", "127.0.0.1", true)))).isEmpty();
    }
}
