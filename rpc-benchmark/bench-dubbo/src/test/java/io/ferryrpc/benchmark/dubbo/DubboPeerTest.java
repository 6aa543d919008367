package io.ferryrpc.benchmark.dubbo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import org.apache.dubbo.rpc.RpcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the Dubbo peer decides without starting Dubbo: timeout recognition and its refusal to leave loopback. */
@Timeout(30)
class DubboPeerTest {

    @Test
    void recognizesDubboTimeoutsThemselvesAndAsCauses() {
        RpcException timeout = new RpcException(RpcException.TIMEOUT_EXCEPTION, "waited 3000 ms");
        assertThat(DubboPeer.isDubboTimeout(timeout)).isTrue();
        assertThat(DubboPeer.isDubboTimeout(new IllegalStateException("wrapped", timeout))).isTrue();
        assertThat(DubboPeer.isDubboTimeout(new java.util.concurrent.TimeoutException())).isTrue();
    }

    @Test
    void otherFailuresAreNotTimeouts() {
        assertThat(DubboPeer.isDubboTimeout(new RpcException(RpcException.NETWORK_EXCEPTION, "reset"))).isFalse();
        assertThat(DubboPeer.isDubboTimeout(new RpcException(RpcException.BIZ_EXCEPTION, "no"))).isFalse();
        assertThat(DubboPeer.isDubboTimeout(new IllegalStateException("no"))).isFalse();
    }

    @Test
    void refusesANonLoopbackHost() {
        assertThatThrownBy(() -> DubboPeer.requireLoopbackOnly("192.0.2.1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback only");
    }

    @Test
    void refusesToStartWhileANonLoopbackInterfaceIsUp() throws SocketException {
        // The test JVM runs in the machine's own namespace; where that has a real interface up, the guard must trip.
        boolean externalUp = false;
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            externalUp |= nic.isUp() && !nic.isLoopback();
        }
        assumeTrue(externalUp, "skipped: no non-loopback interface is up here");
        assertThatThrownBy(() -> DubboPeer.requireLoopbackOnly("127.0.0.1"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("netns-run.sh");
    }
}
