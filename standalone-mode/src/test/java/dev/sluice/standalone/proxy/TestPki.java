package dev.sluice.standalone.proxy;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A small PKI for the TLS tests, written as PEM files the way users hand them to Sluice: a CA,
 * a server certificate for {@code localhost} and {@code 127.0.0.1}, a client certificate whose URI
 * SAN is a SPIFFE ID, and a second CA that trusts none of them.
 */
public final class TestPki {
    public static final String CLIENT_SPIFFE_ID = "spiffe://cluster.local/ns/shop/sa/checkout";

    public final Path caPem;
    public final Path serverCertPem;
    public final Path serverKeyPem;
    public final Path clientCertPem;
    public final Path clientKeyPem;
    public final Path otherCaPem;
    private final CertificateBuilder base;
    private final X509Bundle ca;
    private final X509Bundle other;
    private final X509Bundle client;
    private final X509Bundle server;

    private TestPki(Path dir) throws Exception {
        Instant now = Instant.now();
        base = new CertificateBuilder().ecp256()
                .notBefore(now.minus(1, ChronoUnit.DAYS)).notAfter(now.plus(1, ChronoUnit.DAYS));
        ca = base.copy().subject("CN=Sluice Test CA").setIsCertificateAuthority(true).buildSelfSigned();
        server = base.copy().subject("CN=localhost").addSanDnsName("localhost").addSanIpAddress("127.0.0.1")
                .addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
        client = base.copy().subject("CN=checkout").addSanUriName(CLIENT_SPIFFE_ID)
                .addExtendedKeyUsageClientAuth().buildIssuedBy(ca);
        other = base.copy().subject("CN=Some Other CA").setIsCertificateAuthority(true).buildSelfSigned();
        caPem = write(dir, "ca.pem", ca.getCertificatePEM());
        serverCertPem = write(dir, "server.pem", server.getCertificatePathPEM());
        serverKeyPem = write(dir, "server-key.pem", server.getPrivateKeyPEM());
        clientCertPem = write(dir, "client.pem", client.getCertificatePathPEM());
        clientKeyPem = write(dir, "client-key.pem", client.getPrivateKeyPEM());
        otherCaPem = write(dir, "other-ca.pem", other.getCertificatePEM());
    }

    /** Makes the certificates and writes them into {@code dir}. */
    public static TestPki create(Path dir) {
        try {
            return new TestPki(dir);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the test PKI", e);
        }
    }

    /**
     * A new server certificate for {@code localhost} valid until {@code notAfter}, with its own key,
     * issued by the test CA or, when {@code byOtherCa}, by the CA that trusts none of the others:
     * the chain's PEM and the key's PEM, for a test to write over the served files.
     */
    public String[] newServerCertificate(Instant notAfter, boolean byOtherCa) {
        try {
            X509Bundle renewed = base.copy().notAfter(notAfter).subject("CN=localhost").addSanDnsName("localhost")
                    .addSanIpAddress("127.0.0.1").addExtendedKeyUsageServerAuth().buildIssuedBy(byOtherCa ? other : ca);
            return new String[] {renewed.getCertificatePathPEM(), renewed.getPrivateKeyPEM()};
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a server certificate", e);
        }
    }

    /** A client context that trusts the test CA and, when {@code withCertificate}, presents the client certificate. */
    public SSLContext clientContext(boolean withCertificate) {
        return context(withCertificate ? client : null);
    }

    /** A server context presenting the server certificate (for an HTTPS upstream). */
    public SSLContext serverContext() {
        return context(server);
    }

    private SSLContext context(X509Bundle identity) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            anchors.setCertificateEntry("ca", ca.getCertificate());
            trust.init(anchors);
            KeyManagerFactory keys = identity == null ? null : identity.toKeyManagerFactory();
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return c;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a TLS context", e);
        }
    }

    private static Path write(Path dir, String name, String pem) {
        try {
            return Files.writeString(dir.resolve(name), pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
