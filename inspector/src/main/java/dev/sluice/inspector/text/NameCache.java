package dev.sluice.inspector.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns short names (HTML attribute names) into Strings without allocating for a name seen
 * recently: a direct-mapped table of {@value #SLOTS} entries indexed by a hash of the bytes.
 * A miss allocates one String and replaces the slot, so memory stays bounded whatever the input.
 */
final class NameCache {
    private static final int SLOTS = 64;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];

    /** The name {@code b[off, off + len)} spells, in UTF-8. */
    String get(byte[] b, int off, int len) {
        int h = 1;
        for (int i = off; i < off + len; i++) {
            h = 31 * h + b[i];
        }
        int slot = (h ^ h >>> 16) & (SLOTS - 1);
        byte[] k = keys[slot];
        if (k != null && Arrays.equals(k, 0, k.length, b, off, off + len)) {
            return values[slot];
        }
        keys[slot] = Arrays.copyOfRange(b, off, off + len);
        values[slot] = new String(b, off, len, StandardCharsets.UTF_8);
        return values[slot];
    }
}
