package dev.sluice.inspector.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings of short label values ({@code "type": "passport"}), made once per distinct
 * value rather than once per object: bodies repeat the same few labels on every record.
 * Direct-mapped with a fixed number of slots, so a body of ever new labels costs a new
 * string each, as without the cache, and never more memory.
 */
final class LabelValues {
    private static final int SLOTS = 64;

    private final byte[][] bytes = new byte[SLOTS][];
    private final String[] strings = new String[SLOTS];

    /** The UTF-8 string of {@code b[s, e)}. */
    String of(byte[] b, int s, int e) {
        int h = 0;
        for (int i = s; i < e; i++) {
            h = 31 * h + b[i];
        }
        int slot = (h ^ h >>> 7) & (SLOTS - 1);
        byte[] k = bytes[slot];
        if (k != null && Arrays.equals(k, 0, k.length, b, s, e)) {
            return strings[slot];
        }
        k = Arrays.copyOfRange(b, s, e);
        String v = new String(k, StandardCharsets.UTF_8);
        bytes[slot] = k;
        strings[slot] = v;
        return v;
    }
}
