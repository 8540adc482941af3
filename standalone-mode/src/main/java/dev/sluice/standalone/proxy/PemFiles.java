package dev.sluice.standalone.proxy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads the PEM files TLS is configured with: certificate chains and CA bundles, and private
 * keys in PKCS#8, PKCS#1 (RSA) or SEC1 (EC). Sluice reads them itself, rather than handing paths
 * to Netty, so that the bytes it checks for a change are the bytes it uses, so that the older key
 * forms need no Bouncy Castle (Netty reads them only through it), and so that it can refuse a key
 * that does not belong to its certificate (every handshake would fail) and report when a
 * certificate expires.
 * Every error names the file and, where there is one, the fix.
 */
final class PemFiles {
    /** A certificate bundle or key is a few KiB; a file this large is not one. */
    static final int MAX_FILE_BYTES = 1 << 20;
    private static final String CERTIFICATE = "CERTIFICATE";
    private static final String PRIVATE_KEY = "PRIVATE KEY";
    private static final String RSA_PRIVATE_KEY = "RSA PRIVATE KEY";
    private static final String EC_PRIVATE_KEY = "EC PRIVATE KEY";
    private static final String ENCRYPTED_PRIVATE_KEY = "ENCRYPTED PRIVATE KEY";
    /** The JDK key factories tried in turn; only the one for the algorithm the encoding names accepts it. */
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS", "DSA");

    private PemFiles() {
    }

    /** The file's bytes, at most {@link #MAX_FILE_BYTES}; {@code what} names the file's role in the error. */
    static byte[] read(String what, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new IllegalArgumentException(what + ": " + file + " is larger than " + MAX_FILE_BYTES
                        + " bytes; it is not a PEM certificate or key");
            }
            return bytes;
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": cannot read " + file, e);
        }
    }

    /** Every certificate of a PEM file, in file order (a chain: the leaf first); at least one. */
    static List<X509Certificate> certificates(String what, Path file, byte[] pem) {
        List<byte[]> blocks = blocks(new String(pem, StandardCharsets.US_ASCII), CERTIFICATE);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException(what + ": " + file + " holds no PEM certificate (BEGIN CERTIFICATE)");
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>(blocks.size());
            for (byte[] der : blocks) {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
            return List.copyOf(out);
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException(what + ": " + file + " holds a certificate that cannot be read ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * The one unencrypted private key of a PEM file: PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1
     * ({@code BEGIN RSA PRIVATE KEY}) or SEC1 ({@code BEGIN EC PRIVATE KEY}), the forms openssl,
     * cert-manager and Kubernetes secrets hold. An encrypted key is refused with the command that
     * decrypts it: Sluice would need its passphrase at every start and reload.
     */
    static PrivateKey privateKey(String what, Path file, byte[] pem) {
        String text = new String(pem, StandardCharsets.US_ASCII);
        List<byte[]> pkcs8 = blocks(text, PRIVATE_KEY);
        List<byte[]> pkcs1 = blocks(text, RSA_PRIVATE_KEY);
        List<byte[]> sec1 = blocks(text, EC_PRIVATE_KEY);
        int keys = pkcs8.size() + pkcs1.size() + sec1.size();
        if (text.contains("-----BEGIN " + ENCRYPTED_PRIVATE_KEY + "-----") || text.contains("Proc-Type: 4,ENCRYPTED")) {
            throw new IllegalArgumentException(what + ": " + file + " holds an encrypted key; decrypt it with "
                    + "'openssl pkey -in key.pem -out key-plain.pem' and keep that file readable by Sluice alone");
        }
        if (keys != 1) {
            throw new IllegalArgumentException(what + ": " + file + (keys == 0
                    ? " holds no PEM private key (BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)"
                    : " holds " + keys + " private keys; it must hold one"));
        }
        byte[] der;
        try {
            der = !pkcs8.isEmpty() ? pkcs8.getFirst()
                    : !pkcs1.isEmpty() ? Pkcs8Keys.fromPkcs1(pkcs1.getFirst()) : Pkcs8Keys.fromSec1(sec1.getFirst());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + file + " holds an EC key Sluice cannot read: " + e.getMessage(), e);
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // Not a key of this algorithm: try the next.
            }
        }
        throw new IllegalArgumentException(what + ": " + file + " holds a key Sluice cannot read"
                + " (RSA, EC and EdDSA keys can be read)");
    }

    /**
     * Refuses a key that does not belong to the certificate: it signs a random challenge and the
     * certificate's public key must verify it. Keys of an algorithm without a plain signature
     * here (RSASSA-PSS, whose parameters the certificate carries) are left to the handshake.
     */
    static void requireKeyOf(X509Certificate leaf, PrivateKey key, Path certFile, Path keyFile) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            case "DSA" -> "SHA256withDSA";
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(challenge);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false; // a key of another algorithm than the certificate's
        }
        if (!matches) {
            throw new IllegalArgumentException("the private key " + keyFile + " does not belong to the certificate "
                    + leaf.getSubjectX500Principal().getName() + " of " + certFile);
        }
    }

    /** The DER bytes of every {@code -----BEGIN label-----} block; text around and between blocks is ignored. */
    private static List<byte[]> blocks(String text, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int b = text.indexOf(begin, from);
            if (b < 0) {
                return out;
            }
            int e = text.indexOf(end, b + begin.length());
            if (e < 0) {
                return out; // a block cut short is not a block
            }
            try {
                out.add(Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e)));
            } catch (IllegalArgumentException notBase64) {
                // Left out; the caller reports that the file holds nothing usable.
            }
            from = e + end.length();
        }
    }
}
