package io.ferryrpc.registry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ZooKeeperAddressTest {

    @Test
    void parsesEveryOptionAndWritesItBack() {
        ZooKeeperAddress a = ZooKeeperAddress.parse("zookeeper://h1:2181,h2:2182/shop?sessionTimeout=5000"
                + "&connectTimeout=700&digest=app%3As3cret&snapshot=%2Ftmp%2Fsnap");
        assertThat(a.hosts()).isEqualTo("h1:2181,h2:2182");
        assertThat(a.chroot()).isEqualTo("/shop");
        assertThat(a.sessionTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(a.connectTimeout()).isEqualTo(Duration.ofMillis(700));
        assertThat(a.digest()).contains("app:s3cret");
        assertThat(a.snapshotFile()).contains(Path.of("/tmp/snap"));
        assertThat(ZooKeeperAddress.parse(a.toString())).isEqualTo(a);
        assertThat(a.redacted()).isEqualTo("zookeeper://h1:2181,h2:2182/shop").doesNotContain("s3cret");
    }

    @Test
    void theBuilderAndThePlainFormAgree() {
        assertThat(ZooKeeperAddress.builder().hosts("127.0.0.1:2181").build().toString())
                .isEqualTo("zookeeper://127.0.0.1:2181");
    }

    @Test
    void rejectsMalformedAddressesWithTheReason() {
        assertThatThrownBy(() -> ZooKeeperAddress.parse("zk://h:1")).hasMessageContaining("expected: zookeeper://");
        assertThatThrownBy(() -> ZooKeeperAddress.parse("zookeeper://host")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> ZooKeeperAddress.parse("zookeeper://h:1?retries=3"))
                .hasMessageContaining("unknown registry address option retries");
        assertThatThrownBy(() -> ZooKeeperAddress.parse("zookeeper://h:1?sessionTimeout=soon"))
                .hasMessageContaining("sessionTimeout: soon");
    }
}
