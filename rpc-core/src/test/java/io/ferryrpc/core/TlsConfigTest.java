package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.core.testing.Loopback;
import io.ferryrpc.core.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link TlsConfig} reads its files when built and refuses what cannot work with a message naming the file. */
@Timeout(60)
class TlsConfigTest {

    @TempDir
    static Path dir;
    private static TestCertificates certs;

    @BeforeAll
    static void certificates() {
        certs = TestCertificates.create(dir);
    }

    private static Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void defaultsAreTls13And12WithA5SecondHandshakeAndHostnameVerification() {
        TlsConfig server = TlsConfig.server(certs.server().certificate(), certs.server().privateKey()).build();
        assertThat(server.isServer()).isTrue();
        assertThat(server.verifiesPeer()).isFalse();
        assertThat(server.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(server.handshakeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(server.toString()).contains("no client certificates").doesNotContain("PRIVATE");

        TlsConfig client = TlsConfig.client().trustedCertificates(certs.caCertificate()).build();
        assertThat(client.isServer()).isFalse();
        assertThat(client.verifiesHostname()).isTrue();
        assertThat(client.verifiesPeer()).isTrue();
        assertThat(client.trustedCertificates()).contains(certs.caCertificate());

        TlsConfig mutual = TlsConfig.server(certs.server().certificate(), certs.server().privateKey())
                .requireClientCertificates(certs.caCertificate()).protocols("TLSv1.3")
                .handshakeTimeout(Duration.ofSeconds(2)).build();
        assertThat(mutual.verifiesPeer()).isTrue();
        assertThat(mutual.protocols()).containsExactly("TLSv1.3");
        assertThat(mutual.handshakeTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(TlsConfig.client().trustJdkDefaultCertificates().build().trustedCertificates()).isEmpty();
    }

    @Test
    void unreadableOrEmptyFilesAreNamed() throws IOException {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> TlsConfig.server(missing, certs.server().privateKey()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing.toString())
                .hasMessageContaining("cannot be read");
        Path notPem = file("not-pem.pem", "hello");
        assertThatThrownBy(() -> TlsConfig.server(notPem, certs.server().privateKey()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(notPem.toString())
                .hasMessageContaining("no PEM certificate");
        assertThatThrownBy(() -> TlsConfig.server(certs.server().certificate(), notPem).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(notPem.toString())
                .hasMessageContaining("no PEM private key");
        assertThatThrownBy(() -> TlsConfig.client().trustedCertificates(notPem).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(notPem.toString());
        Path garbled = file("garbled.pem", TestCertificates.pem("CERTIFICATE", new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> TlsConfig.client().trustedCertificates(garbled).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(garbled.toString())
                .hasMessageContaining("cannot be parsed");
    }

    @Test
    void encryptedAndLegacyKeysAreRefusedWithTheCommandThatConvertsThem() throws IOException {
        Path encrypted = file("encrypted-key.pem", TestCertificates.pem("ENCRYPTED PRIVATE KEY", new byte[] {1}));
        assertThatThrownBy(() -> TlsConfig.server(certs.server().certificate(), encrypted).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(encrypted.toString())
                .hasMessageContaining("encrypted").hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
        Path pkcs1 = file("rsa-key.pem", TestCertificates.pem("RSA PRIVATE KEY", new byte[] {1}));
        assertThatThrownBy(() -> TlsConfig.server(certs.server().certificate(), pkcs1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(pkcs1.toString())
                .hasMessageContaining("legacy RSA PRIVATE KEY format");
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateIsRefused() {
        assertThatThrownBy(() -> TlsConfig.server(certs.server().certificate(), certs.client().privateKey()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(certs.client().privateKey().toString())
                .hasMessageContaining("does not belong");
        assertThatThrownBy(() -> TlsConfig.client().trustedCertificates(certs.caCertificate())
                .keyPair(certs.client().certificate(), certs.server().privateKey()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
    }

    @Test
    void rsaKeysWork() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        TestCertificates.Authority ca = TestCertificates.Authority.create("RSA test CA");
        Path caFile = ca.writeCertificate(dir.resolve("rsa-ca.pem"));
        TestCertificates.KeyPairFiles server = ca.issue(rsa.generateKeyPair(), "rsa-provider", "IP:127.0.0.1")
                .write(dir, "rsa-server");
        try (RpcServer provider = Loopback.server(TlsTest.GreeterService.class, new TlsTest.Greeter(),
                b -> b.tls(TlsConfig.server(server.certificate(), server.privateKey()).build()));
                RpcClient client = RpcClient.builder()
                        .tls(TlsConfig.client().trustedCertificates(caFile).build()).build()) {
            assertThat(client.proxy(TlsTest.GreeterService.class, Loopback.address(provider)).greet("rsa"))
                    .isEqualTo("hello rsa");
        }
    }

    @Test
    void settingsAreCheckedAtOnce() {
        assertThatThrownBy(() -> TlsConfig.client().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trustedCertificates").hasMessageContaining("trustJdkDefaultCertificates");
        assertThatThrownBy(() -> TlsConfig.client().trustedCertificates(certs.caCertificate())
                .trustJdkDefaultCertificates().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exclude each other");
        assertThatThrownBy(() -> TlsConfig.client().protocols("TLSv1.1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLSv1.1");
        assertThatThrownBy(() -> TlsConfig.client().protocols()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TlsConfig.client().protocols("TLSv1.3", "TLSv1.3"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TlsConfig.client().handshakeTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handshakeTimeout");

        TlsConfig client = TlsConfig.client().trustedCertificates(certs.caCertificate()).build();
        TlsConfig server = TlsConfig.server(certs.server().certificate(), certs.server().privateKey()).build();
        assertThatThrownBy(() -> RpcServer.builder().tls(client)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TlsConfig.server");
        assertThatThrownBy(() -> RpcClient.builder().tls(server)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TlsConfig.client");
    }
}
