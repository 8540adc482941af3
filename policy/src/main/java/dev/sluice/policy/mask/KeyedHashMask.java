package dev.sluice.policy.mask;

import dev.sluice.matchers.ValueHasher;
import java.nio.charset.StandardCharsets;

/**
 * Replaces a value with {@code h:} and the first 16 hex digits of HMAC-SHA256 over its bytes:
 * a pseudonym that stays the same for the same value and key (so records can still be joined)
 * and cannot be reversed or recomputed without the key.
 */
final class KeyedHashMask implements Mask {
    static final String PREFIX = "h:";
    static final int HEX_DIGITS = 16;

    private final ValueHasher hasher;

    KeyedHashMask(ValueHasher hasher) {
        this.hasher = hasher;
    }

    @Override
    public byte[] apply(byte[] value, int off, int len) {
        String hex = hasher.hash(value, off, len);
        return (PREFIX + hex.substring(0, HEX_DIGITS)).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public MaskStyle style() {
        return MaskStyle.KEYED_HASH;
    }

    @Override
    public String toString() {
        return "Mask[keyed_hash]";
    }
}
