package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsServer;
import dev.sluice.standalone.proxy.spi.PassThroughFilter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renewed certificates while the proxy runs: new files reach new connections on both sides,
 * files that cannot be used (a key of another certificate, a file gone, half written) leave the
 * certificate in use serving and are reported once, and a key that is not the certificate's is
 * refused at startup. Real handshakes with Java's HTTP client and the JDK's HTTPS server.
 */
@ExtendWith(NoLeaks.class)
class TlsReloadTest {
    @TempDir
    Path dir;

    /** A proxy whose listener presents copies of the test PKI's server files, which a test may overwrite. */
    private record Listener(TestPki pki, Path cert, Path key, ServerTls tls, TestUpstream upstream, SidecarProxy proxy)
            implements AutoCloseable {
        static Listener start(Path dir) {
            TestPki pki = TestPki.create(dir);
            try {
                Path cert = Files.copy(pki.serverCertPem, dir.resolve("tls.crt"));
                Path key = Files.copy(pki.serverKeyPem, dir.resolve("tls.key"));
                ServerTls tls = ServerTls.fromPem(cert, key, null);
                TestUpstream upstream = TestUpstream.start();
                return new Listener(pki, cert, key, tls, upstream, SidecarProxy.start(
                        ProxyTests.config(upstream.url()).serverTls(tls).build(), PassThroughFilter.INSTANCE));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** When the certificate a new connection is shown expires. */
        Instant served() throws Exception {
            return servedExpiry(pki, proxy);
        }

        @Override
        public void close() {
            proxy.close();
            upstream.close();
        }
    }

    @Test
    void aRenewedListenerCertificateReachesNewConnections() throws Exception {
        try (Listener l = Listener.start(dir)) {
            assertEquals(l.tls().certificateExpiry(), l.served());
            assertEquals(TlsReload.UNCHANGED, l.tls().reload(), "nothing changed yet");

            Instant renewedUntil = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
            String[] renewed = l.pki().newServerCertificate(renewedUntil, false);
            writeSecret(dir, l.cert(), renewed[0], l.key(), renewed[1]);
            TlsReload r = l.tls().reload();
            assertEquals(TlsReload.Outcome.RELOADED, r.outcome(), r.detail());
            assertTrue(r.detail().contains("CN=localhost") && r.detail().contains(renewedUntil.toString()), r.detail());
            assertEquals(renewedUntil, l.tls().certificateExpiry());
            assertEquals(renewedUntil, l.served(), "a new connection gets the renewed certificate");
            assertEquals(TlsReload.UNCHANGED, l.tls().reload());
        }
    }

    @Test
    void filesThatCannotBeUsedLeaveTheCertificateInUseAndAreReportedOnce() throws Exception {
        try (Listener l = Listener.start(dir)) {
            ServerTls tls = l.tls();
            Instant first = tls.certificateExpiry();
            // A renewal job that has written the new certificate but not yet its key.
            String[] renewed = l.pki().newServerCertificate(Instant.now().plus(30, ChronoUnit.DAYS), false);
            Files.writeString(l.cert(), renewed[0]);
            TlsReload halfWritten = tls.reload();
            assertEquals(TlsReload.Outcome.FAILED, halfWritten.outcome());
            assertTrue(halfWritten.detail().contains("does not belong to the certificate"), halfWritten.detail());
            assertEquals(TlsReload.UNCHANGED, tls.reload(), "the same files are not reported twice");
            assertEquals(first, l.served(), "the certificate in use still serves");

            Files.delete(l.key());
            TlsReload gone = tls.reload();
            assertEquals(TlsReload.Outcome.FAILED, gone.outcome());
            assertEquals("key file: cannot read " + l.key(), gone.detail());
            assertEquals(TlsReload.UNCHANGED, tls.reload());
            assertEquals(first, l.served());

            Files.writeString(l.key(), "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
            assertEquals(TlsReload.Outcome.FAILED, tls.reload().outcome());

            Files.writeString(l.key(), renewed[1]);
            assertEquals(TlsReload.Outcome.RELOADED, tls.reload().outcome(), "the key arrived: both files go together");
            assertTrue(l.served().isAfter(first));
        }
    }

    @Test
    void aRenewedUpstreamClientCertificateReachesNewUpstreamConnections() throws Exception {
        TestPki pki = TestPki.create(dir);
        HttpsServer upstream = TlsProxyTest.httpsServer(pki, params -> params.setNeedClientAuth(true));
        // The client certificate in use at first is one the upstream does not trust.
        String[] untrusted = pki.newServerCertificate(Instant.now().plus(1, ChronoUnit.DAYS), true);
        Path cert = Files.writeString(dir.resolve("client.crt"), untrusted[0]);
        Path key = Files.writeString(dir.resolve("client.key"), untrusted[1]);
        UpstreamTls tls = UpstreamTls.fromPem(pki.caPem, cert, key, null);
        assertTrue(tls.fromFiles());
        try (SidecarProxy proxy = SidecarProxy.start(ProxyTests.config("https://127.0.0.1:"
                + upstream.getAddress().getPort()).upstreamTls(tls).build(), PassThroughFilter.INSTANCE)) {
            assertEquals(502, status(proxy));
            writeSecret(dir, cert, Files.readString(pki.clientCertPem), key, Files.readString(pki.clientKeyPem));
            assertEquals(TlsReload.Outcome.RELOADED, tls.reload().outcome());
            assertEquals(200, status(proxy), "the next upstream connection presents the renewed certificate");
        } finally {
            upstream.stop(0);
        }
        assertEquals(TlsReload.UNCHANGED, UpstreamTls.systemTrust().reload(), "the JDK's trust store has no file");
        assertTrue(!UpstreamTls.systemTrust().fromFiles());
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedAtStartup() throws Exception {
        TestPki pki = TestPki.create(dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerTls.fromPem(pki.serverCertPem, pki.clientKeyPem, null));
        assertEquals("the private key " + pki.clientKeyPem + " does not belong to the certificate CN=localhost of "
                + pki.serverCertPem, e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> UpstreamTls.fromPem(null, pki.clientCertPem, pki.serverKeyPem, null));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }

    /** Replaces both files the way a mounted Kubernetes secret changes: each written aside, then moved in. */
    private static void writeSecret(Path dir, Path cert, String certPem, Path key, String keyPem) throws Exception {
        Path newCert = Files.writeString(dir.resolve("new.crt"), certPem);
        Path newKey = Files.writeString(dir.resolve("new.key"), keyPem);
        Files.move(newCert, cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(newKey, key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** When the certificate a new connection to the proxy is shown expires. */
    private static Instant servedExpiry(TestPki pki, SidecarProxy proxy) throws Exception {
        // A client of its own: a new connection, so a new handshake.
        HttpClient client = HttpClient.newBuilder().sslContext(pki.clientContext(false))
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + proxy.port() + "/headers")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        X509Certificate leaf = (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
        return leaf.getNotAfter().toInstant();
    }

    private static int status(SidecarProxy proxy) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/x"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
