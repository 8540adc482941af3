package dev.sluice.inspector.text;

import java.nio.charset.StandardCharsets;

/**
 * Compares bytes with a lower-case ASCII word, letters without case, as protocols name things
 * (a header's name, a data URL's {@code data:}, an HTML document's {@code <!doctype html>}):
 * only {@code A} to {@code Z} fold, so no other byte can pass for a letter.
 */
public final class AsciiCase {
    private AsciiCase() {
    }

    /** The bytes of a lower-case ASCII constant. */
    public static byte[] word(String lowerAscii) {
        return lowerAscii.getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether {@code b[at, at + n)} is {@code lower[0, n)}; the caller has checked the bounds. */
    public static boolean regionMatches(byte[] b, int at, byte[] lower, int n) {
        for (int i = 0; i < n; i++) {
            int c = b[at + i];
            if ((c >= 'A' && c <= 'Z' ? c | 0x20 : c) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code b[at, end)} starts with {@code lower}. */
    public static boolean startsWith(byte[] b, int at, int end, byte[] lower) {
        return end - at >= lower.length && regionMatches(b, at, lower, lower.length);
    }

    /** Whether {@code b[from, to)} is {@code lower}. */
    public static boolean equals(byte[] b, int from, int to, byte[] lower) {
        return to - from == lower.length && regionMatches(b, from, lower, lower.length);
    }
}
