package dev.sluice.grpc.walk;

import java.util.Arrays;

/**
 * Remembers the text of recently seen string map keys, so that walking the same keys again
 * ({@code labels[env]} in every message of a stream) decodes no UTF-8 and allocates nothing.
 * Direct-mapped, {@value #SLOTS} slots, keys up to {@value #MAX_CACHED_BYTES} bytes; a miss
 * decodes and replaces the slot. Memory is bounded by slots × key size. One per walker.
 */
final class KeyTexts {
    private static final int SLOTS = 64;
    private static final int MAX_CACHED_BYTES = 64;

    private final byte[][] bytes = new byte[SLOTS][];
    private final String[] texts = new String[SLOTS];

    /** The text of the key in {@code buf[start, end)}, as {@link MapKeys#text} renders it. */
    String text(byte[] buf, int start, int end) {
        int len = end - start;
        if (len > MAX_CACHED_BYTES) {
            return MapKeys.text(buf, start, end);
        }
        int h = len;
        for (int i = start; i < end; i++) {
            h = 31 * h + buf[i];
        }
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        byte[] cached = bytes[slot];
        if (cached != null && Arrays.equals(cached, 0, cached.length, buf, start, end)) {
            return texts[slot];
        }
        String text = MapKeys.text(buf, start, end);
        bytes[slot] = Arrays.copyOfRange(buf, start, end);
        texts[slot] = text;
        return text;
    }
}
