package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.pkitesting.CertificateBuilder;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Which URI SAN of a client certificate names the source service. */
class TlsPeerTest {
    /** Adds names to a certificate (the builder's URI method declares a checked exception). */
    @FunctionalInterface
    private interface Names {
        CertificateBuilder add(CertificateBuilder b) throws Exception;
    }

    private static X509Certificate certificate(Names names) throws Exception {
        Instant now = Instant.now();
        return names.add(new CertificateBuilder().ecp256().subject("CN=client").setIsCertificateAuthority(true)
                .notBefore(now.minus(1, ChronoUnit.HOURS)).notAfter(now.plus(1, ChronoUnit.HOURS)))
                .buildSelfSigned().getCertificate();
    }

    @Test
    void theSpiffeIdIsChosenAmongUriSansWhereverItStands() throws Exception {
        assertEquals("spiffe://cluster.local/ns/shop/sa/checkout", TlsPeer.uriSan(certificate(b -> b
                .addSanUriName("https://checkout.example.com/").addSanDnsName("checkout.shop")
                .addSanUriName("spiffe://cluster.local/ns/shop/sa/checkout"))));
    }

    @Test
    void withoutASpiffeIdTheFirstUriSanNamesTheClientAndWithoutAnyNoneDoes() throws Exception {
        assertEquals("urn:example:checkout", TlsPeer.uriSan(certificate(b -> b.addSanDnsName("checkout.shop")
                .addSanUriName("urn:example:checkout").addSanUriName("https://checkout.example.com/"))));
        assertNull(TlsPeer.uriSan(certificate(b -> b.addSanDnsName("checkout.shop"))));
        assertNull(TlsPeer.uriSan(certificate(b -> b)));
    }
}
