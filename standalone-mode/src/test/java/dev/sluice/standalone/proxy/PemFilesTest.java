package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading certificate chains and keys from PEM files the way users and tools write them. */
class PemFilesTest {
    private static final Path FILE = Path.of("/etc/sluice/tls.pem");

    @TempDir
    Path dir;

    private static X509Bundle bundle(CertificateBuilder keyType, String cn) throws Exception {
        Instant now = Instant.now();
        return keyType.subject("CN=" + cn).notBefore(now.minus(1, ChronoUnit.HOURS))
                .notAfter(now.plus(1, ChronoUnit.DAYS)).setIsCertificateAuthority(true).buildSelfSigned();
    }

    @Test
    void aChainIsReadInFileOrderWithTheTextAroundItIgnored() throws Exception {
        X509Bundle leaf = bundle(new CertificateBuilder().ecp256(), "leaf");
        X509Bundle ca = bundle(new CertificateBuilder().rsa2048(), "ca");
        // openssl and cert-manager write subject and issuer lines, and bundles are concatenated.
        String pem = "subject=CN = leaf\nissuer=CN = ca\n" + leaf.getCertificatePEM() + "\n# the CA\n"
                + ca.getCertificatePEM().replace("\n", "\r\n");
        List<X509Certificate> chain = PemFiles.certificates("certificate file", FILE, pem.getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of("CN=leaf", "CN=ca"), chain.stream().map(c -> c.getSubjectX500Principal().getName()).toList());
    }

    @Test
    void aFileWithoutACertificateIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PemFiles.certificates(
                "client CA file", FILE, "-----BEGIN CERTIFICATE-----\nAAAA".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("client CA file: /etc/sluice/tls.pem holds no PEM certificate (BEGIN CERTIFICATE)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PemFiles.certificates("certificate file", FILE,
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().startsWith("certificate file: /etc/sluice/tls.pem holds a certificate that cannot be read"),
                e.getMessage());
    }

    @Test
    void rsaAndEcKeysAreReadAndMatchedToTheirCertificates() throws Exception {
        for (CertificateBuilder type : List.of(new CertificateBuilder().ecp256(), new CertificateBuilder().rsa2048())) {
            X509Bundle b = bundle(type, "svc");
            PrivateKey key = PemFiles.privateKey("key file", FILE, b.getPrivateKeyPEM().getBytes(StandardCharsets.US_ASCII));
            assertEquals(b.getKeyPair().getPrivate().getAlgorithm(), key.getAlgorithm());
            PemFiles.requireKeyOf(b.getCertificate(), key, FILE, FILE);
        }
    }

    @Test
    void aKeyOfAnotherCertificateOrAlgorithmIsRefused() throws Exception {
        X509Bundle ec = bundle(new CertificateBuilder().ecp256(), "ec");
        X509Bundle otherEc = bundle(new CertificateBuilder().ecp256(), "other");
        X509Bundle rsa = bundle(new CertificateBuilder().rsa2048(), "rsa");
        for (X509Bundle wrongKey : List.of(otherEc, rsa)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PemFiles.requireKeyOf(ec.getCertificate(), wrongKey.getKeyPair().getPrivate(),
                            Path.of("tls.crt"), Path.of("tls.key")));
            assertEquals("the private key tls.key does not belong to the certificate CN=ec of tls.crt", e.getMessage());
        }
    }

    @Test
    void keyFormsOtherThanUnencryptedPkcs8AreRefusedWithTheCommandThatConvertsThem() {
        for (String label : List.of("RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY")) {
            String pem = "-----BEGIN " + label + "-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n"
                    + "-----END " + label + "-----\n";
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PemFiles.privateKey("key file", FILE, pem.getBytes(StandardCharsets.US_ASCII)));
            assertTrue(e.getMessage().startsWith("key file: /etc/sluice/tls.pem is not an unencrypted PKCS#8 PEM key")
                    && e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());
        }
    }

    @Test
    void aFileWithTwoKeysOrAKeyThatCannotBeReadIsRefused() throws Exception {
        X509Bundle a = bundle(new CertificateBuilder().ecp256(), "a");
        String two = a.getPrivateKeyPEM() + a.getPrivateKeyPEM();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PemFiles.privateKey("key file", FILE, two.getBytes(StandardCharsets.US_ASCII)));
        assertEquals("key file: /etc/sluice/tls.pem holds 2 private keys; it must hold one", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PemFiles.privateKey("key file", FILE,
                "-----BEGIN PRIVATE KEY-----\nAAECAw==\n-----END PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().contains("holds a key Sluice cannot read"), e.getMessage());
    }

    @Test
    void filesAreReadWithinALimit() throws Exception {
        Path big = Files.write(dir.resolve("big.pem"), new byte[PemFiles.MAX_FILE_BYTES + 1]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PemFiles.read("certificate file", big));
        assertTrue(e.getMessage().contains("is larger than 1048576 bytes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PemFiles.read("key file", dir.resolve("none.pem")));
        assertEquals("key file: cannot read " + dir.resolve("none.pem"), e.getMessage());
        assertEquals(3, PemFiles.read("key file", Files.write(dir.resolve("small.pem"), new byte[3])).length);
    }
}
