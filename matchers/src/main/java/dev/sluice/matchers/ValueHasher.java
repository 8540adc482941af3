package dev.sluice.matchers;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Keyed hash of a found value (HMAC-SHA256, RFC 2104; first 16 bytes as hex): lets events,
 * allow-lists and budgets recognise the same value again without ever holding it. The key comes
 * from configuration so hashes are stable across restarts and replicas; without one, a random
 * per-process key is used.
 *
 * <p>HMAC starts both of its hashes with a block derived from the key alone. Those two blocks
 * are hashed once, here, and every value starts from copies of the two digests, which saves
 * half the SHA-256 blocks of a short value (a {@code javax.crypto.Mac} hashes them again for
 * each value). The keyed digests are never updated, only copied, so one hasher serves every
 * thread.
 */
public final class ValueHasher {
    private static final int BLOCK = 64;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** SHA-256 having absorbed (key ^ ipad), and (key ^ opad): never updated, only cloned. */
    private final MessageDigest inner;
    private final MessageDigest outer;

    private ValueHasher(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("hash key must be at least 16 bytes, got " + key.length);
        }
        byte[] k = key.length > BLOCK ? sha256().digest(key) : key;
        byte[] ipad = new byte[BLOCK];
        byte[] opad = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            ipad[i] = (byte) (b ^ 0x36);
            opad[i] = (byte) (b ^ 0x5c);
        }
        this.inner = sha256();
        this.inner.update(ipad);
        this.outer = sha256();
        this.outer.update(opad);
        Arrays.fill(ipad, (byte) 0);
        Arrays.fill(opad, (byte) 0);
    }

    public static ValueHasher withKey(byte[] key) {
        return new ValueHasher(key);
    }

    /** A hasher with a random key: hashes are stable within this process only. */
    public static ValueHasher random() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return new ValueHasher(k);
    }

    /** Hex of the first 16 bytes of HMAC-SHA256 over {@code buf[off, off + len)}. */
    public String hash(byte[] buf, int off, int len) {
        MessageDigest in = copy(inner);
        in.update(buf, off, len);
        MessageDigest out = copy(outer);
        out.update(in.digest());
        byte[] mac = out.digest();
        byte[] hex = new byte[32];
        for (int i = 0; i < 16; i++) {
            hex[2 * i] = HEX[(mac[i] >> 4) & 0xF];
            hex[2 * i + 1] = HEX[mac[i] & 0xF];
        }
        return new String(hex, StandardCharsets.ISO_8859_1);
    }

    private static MessageDigest copy(MessageDigest keyed) {
        try {
            return (MessageDigest) keyed.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest cannot be copied", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.clone(); // fails here, at construction, if this provider's digests cannot be copied
            return d;
        } catch (GeneralSecurityException | CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "ValueHasher[HmacSHA256]";
    }
}
