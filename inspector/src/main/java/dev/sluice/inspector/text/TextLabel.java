package dev.sluice.inspector.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The label of HTML text: the trimmed first {@value #MAX_BYTES} bytes of the most recent text
 * node that was not white space ({@code SSN} in {@code <dt>SSN</dt><dd>…</dd>}). The candidate
 * is collected while a text node streams; a String is made only when a finished node differs
 * from the current label. A label can be a short value itself (the previous cell's text): it is
 * bounded and lives only as long as the parser.
 */
final class TextLabel {
    static final int MAX_BYTES = 64;

    private final byte[] candidate = new byte[MAX_BYTES];
    private final byte[] current = new byte[MAX_BYTES];
    private int candidateLen;
    private int trimmedLen;
    private int currentLen;
    private String label;

    /** The current label, or null before the first non-blank text node. */
    String label() {
        return label;
    }

    /** Appends text node bytes; {@code blank} marks decoded white space (not kept at the end). */
    void append(byte[] b, int off, int len, boolean blank) {
        int n = Math.min(len, MAX_BYTES - candidateLen);
        if (n <= 0) {
            return;
        }
        System.arraycopy(b, off, candidate, candidateLen, n);
        for (int i = n - 1; i >= 0 && !blank; i--) {
            if (!isSpace(b[off + i])) {
                trimmedLen = candidateLen + i + 1;
                break;
            }
        }
        candidateLen += n;
    }

    /** The text node ended: a non-blank one becomes the label. Returns whether it was not blank. */
    boolean finish() {
        boolean text = trimmedLen > 0;
        if (text && !Arrays.equals(candidate, 0, trimmedLen, current, 0, currentLen)) {
            System.arraycopy(candidate, 0, current, 0, trimmedLen);
            currentLen = trimmedLen;
            label = new String(current, 0, currentLen, StandardCharsets.UTF_8);
        }
        candidateLen = 0;
        trimmedLen = 0;
        return text;
    }

    /** No label from here on, until the next non-blank text node. */
    void forget() {
        label = null;
        currentLen = 0;
    }

    static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f';
    }
}
