package dev.sluice.matchers;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hash of a found value (HMAC-SHA256, first 16 bytes as hex): lets events, allow-lists
 * and budgets recognise the same value again without ever holding it. The key comes from
 * configuration so hashes are stable across restarts and replicas; without one, a random
 * per-process key is used.
 */
public final class ValueHasher {
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    private ValueHasher(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("hash key must be at least 16 bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
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
        Mac mac = macs.get();
        mac.update(buf, off, len);
        byte[] out = mac.doFinal();
        char[] hex = new char[32];
        for (int i = 0; i < 16; i++) {
            hex[2 * i] = Character.forDigit((out[i] >> 4) & 0xF, 16);
            hex[2 * i + 1] = Character.forDigit(out[i] & 0xF, 16);
        }
        return new String(hex);
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "ValueHasher[HmacSHA256]";
    }
}
