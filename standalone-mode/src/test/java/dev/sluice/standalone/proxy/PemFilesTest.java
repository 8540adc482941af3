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
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

    /** The key forms openssl and cert-manager write besides PKCS#8, each with a certificate openssl made for it. */
    @ParameterizedTest
    @ValueSource(strings = {"genrsa -traditional", "ecparam -name prime256v1 -genkey",
            "ecparam -name secp384r1 -genkey -noout", "genpkey -algorithm ed25519"})
    void keysOpensslWritesAreReadAndMatchedToTheirCertificates(String command) throws Exception {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Cli.openssl((command + " -out " + key).split(" "));
        Cli.openssl("req", "-x509", "-new", "-key", key.toString(), "-subj", "/CN=svc", "-days", "1", "-out", cert.toString());
        byte[] pem = Files.readAllBytes(key);
        PrivateKey read = PemFiles.privateKey("key file", key, pem);
        X509Certificate leaf = PemFiles.certificates("certificate file", cert, Files.readAllBytes(cert)).getFirst();
        PemFiles.requireKeyOf(leaf, read, cert, key);
        assertEquals(leaf.getPublicKey().getAlgorithm().replace("Ed25519", "EdDSA"), read.getAlgorithm().replace("Ed25519", "EdDSA"));
    }

    @Test
    void anEcKeyWithExplicitCurveParametersIsRefusedWithTheReason() throws Exception {
        Path key = dir.resolve("explicit.pem");
        Cli.openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-param_enc", "explicit", "-out", key.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PemFiles.privateKey("key file", FILE, Files.readAllBytes(key)));
        assertEquals("key file: /etc/sluice/tls.pem holds an EC key Sluice cannot read: "
                + "the EC key's curve is given by explicit parameters, not by name", e.getMessage());
    }

    @Test
    void encryptedKeysAreRefusedWithTheCommandThatDecryptsThem() throws Exception {
        Path legacy = dir.resolve("legacy.pem");
        Path pkcs8 = dir.resolve("pkcs8.pem");
        Cli.openssl("genrsa", "-aes128", "-traditional", "-passout", "pass:secret", "-out", legacy.toString(), "2048");
        Cli.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes-256-cbc",
                "-pass", "pass:secret", "-out", pkcs8.toString());
        for (Path key : List.of(legacy, pkcs8)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PemFiles.privateKey("key file", FILE, Files.readAllBytes(key)));
            assertTrue(e.getMessage().startsWith("key file: /etc/sluice/tls.pem holds an encrypted key")
                    && e.getMessage().contains("openssl pkey -in key.pem"), e.getMessage());
        }
    }

    /** Any cut or flipped byte of an older key form ends in a refusal that names the file, never another exception. */
    @RepeatedTest(40)
    void damagedOlderKeyFormsAreRefusedByName(RepetitionInfo repetition) throws Exception {
        Random random = new Random(repetition.getCurrentRepetition());
        boolean rsa = random.nextBoolean();
        byte[] pkcs8 = (rsa ? bundle(new CertificateBuilder().rsa2048(), "k") : bundle(new CertificateBuilder().ecp256(), "k"))
                .getKeyPair().getPrivate().getEncoded();
        // PKCS#1 is the octet string inside the JDK's PKCS#8 (26 bytes in for RSA-2048); for EC the
        // damage goes into a SEC1 key written by hand with its curve, as openssl writes it.
        byte[] der = rsa ? Arrays.copyOfRange(pkcs8, 26, pkcs8.length) : sec1(pkcs8);
        if (random.nextBoolean()) {
            der = Arrays.copyOf(der, random.nextInt(der.length));
        } else {
            der[random.nextInt(der.length)] ^= (byte) (1 + random.nextInt(255));
        }
        String label = rsa ? "RSA PRIVATE KEY" : "EC PRIVATE KEY";
        byte[] pem = ("-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END "
                + label + "-----\n").getBytes(StandardCharsets.US_ASCII);
        try {
            PemFiles.privateKey("key file", FILE, pem); // a flipped bit in the private value still reads
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("key file: /etc/sluice/tls.pem holds "), e.getMessage());
        }
    }

    /** A P-256 SEC1 key (version, private value, [0] curve) made from the private value of the JDK's PKCS#8 encoding. */
    private static byte[] sec1(byte[] pkcs8) {
        byte[] d = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
        byte[] curve = {0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x03, 0x01, 0x07};
        byte[] out = new byte[2 + 3 + 2 + 32 + 2 + curve.length];
        int i = 0;
        out[i++] = 0x30;
        out[i++] = (byte) (out.length - 2);
        out[i++] = 0x02;
        out[i++] = 0x01;
        out[i++] = 0x01;
        out[i++] = 0x04;
        out[i++] = 0x20;
        System.arraycopy(d, 0, out, i, 32);
        i += 32;
        out[i++] = (byte) 0xA0;
        out[i++] = (byte) curve.length;
        System.arraycopy(curve, 0, out, i, curve.length);
        return out;
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
        e = assertThrows(IllegalArgumentException.class, () -> PemFiles.privateKey("key file", FILE,
                "-----BEGIN CERTIFICATE-----\nAAECAw==\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("key file: /etc/sluice/tls.pem holds no PEM private key (BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY"
                + " or BEGIN EC PRIVATE KEY)", e.getMessage());
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
