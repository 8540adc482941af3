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
 * Reads the PEM files TLS is configured with: certificate chains and CA bundles, and PKCS#8
 * private keys. Sluice reads them itself, rather than handing paths to Netty, so that the bytes
 * it checks for a change are the bytes it uses, and so that it can refuse a key that does not
 * belong to its certificate (every handshake would fail) and report when a certificate expires.
 * Every error names the file and, where there is one, the fix.
 */
final class PemFiles {
    /** A certificate bundle or key is a few KiB; a file this large is not one. */
    static final int MAX_FILE_BYTES = 1 << 20;
    private static final String CERTIFICATE = "CERTIFICATE";
    private static final String PRIVATE_KEY = "PRIVATE KEY";
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
        List<byte[]> blocks = blocks(pem, CERTIFICATE);
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

    /** The one unencrypted PKCS#8 key of a PEM file; other key forms are refused with the command that converts them. */
    static PrivateKey privateKey(String what, Path file, byte[] pem) {
        List<byte[]> blocks = blocks(pem, PRIVATE_KEY);
        if (blocks.size() != 1) {
            // Netty reads other PEM key forms only through Bouncy Castle, which Sluice does not ship.
            throw new IllegalArgumentException(what + ": " + file + (blocks.isEmpty()
                    ? " is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem'"
                    : " holds " + blocks.size() + " private keys; it must hold one"));
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(blocks.getFirst());
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // Not a key of this algorithm: try the next.
            }
        }
        throw new IllegalArgumentException(what + ": " + file + " holds a key Sluice cannot read"
                + " (RSA, EC and EdDSA keys in PKCS#8 can be read)");
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
    private static List<byte[]> blocks(byte[] pem, String label) {
        String text = new String(pem, StandardCharsets.US_ASCII);
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
