package dev.sluice.matchers;

import dev.sluice.matchers.hyperscan.MatchHandler;
import dev.sluice.matchers.hyperscan.StreamScanner;
import java.io.ByteArrayOutputStream;

/**
 * The length below which no JSON number can match anything of a compiled catalog: APIs send
 * many short numbers (quantities, prices, flags, small ids), and each one handed to a scan
 * session costs a value record, a key classification and its bytes in the Hyperscan stream,
 * while none of them can hold a card, a phone number or a passport number.
 *
 * <p>The length is found by trial rather than by reading the expressions: every JSON number
 * ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}) of one byte, then of two, and so
 * on up to {@link #MAX_TRIED} bytes, goes through the catalog's own databases, class runs and digit shapes,
 * each between NUL separators as a session writes values; the first length at which anything
 * reports a match is the answer. So the figure is exact for Hyperscan's semantics whatever a
 * custom detector's expression looks like ({@code [0-9]{4}} makes it 4). Whole-value
 * detectors have no expression to try: a session asks about them per value (the key decides).
 */
final class NumberReach {
    /** The longest numbers tried: every number up to this many bytes costs a few MB of scanning at startup. */
    static final int MAX_TRIED = 5;
    private static final byte[] ALPHABET = "0123456789.eE+-".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private NumberReach() {
    }

    /**
     * The shortest JSON number length at which one of the expressions of {@code scanners} (a
     * null one is skipped), one of {@code runs} or one of {@code shapes} matches, or {@code MAX_TRIED + 1} when
     * nothing matches any number of up to {@link #MAX_TRIED} bytes.
     */
    static int shortest(ClassRun[] runs, DigitShapeSet shapes, StreamScanner... scanners) {
        for (int length = 1; length <= MAX_TRIED; length++) {
            if (anyMatch(numbersOfLength(length), runs, shapes, scanners)) {
                return length;
            }
        }
        return MAX_TRIED + 1;
    }

    /** Every JSON number of exactly {@code length} bytes, each followed by a NUL, after a leading NUL. */
    static byte[] numbersOfLength(int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        byte[] s = new byte[length];
        int[] digit = new int[length];
        while (true) {
            for (int i = 0; i < length; i++) {
                s[i] = ALPHABET[digit[i]];
            }
            if (isJsonNumber(s)) {
                out.write(s, 0, length);
                out.write(0);
            }
            int i = length - 1;
            while (i >= 0 && ++digit[i] == ALPHABET.length) {
                digit[i] = 0;
                i--;
            }
            if (i < 0) {
                return out.toByteArray();
            }
        }
    }

    /** Whether {@code s} is a number by JSON's grammar (RFC 8259 section 6). */
    static boolean isJsonNumber(byte[] s) {
        int i = 0;
        int n = s.length;
        if (i < n && s[i] == '-') {
            i++;
        }
        if (i >= n || !isDigit(s[i])) {
            return false;
        }
        if (s[i] == '0') {
            i++;
        } else {
            while (i < n && isDigit(s[i])) {
                i++;
            }
        }
        if (i < n && s[i] == '.') {
            int digits = ++i;
            while (i < n && isDigit(s[i])) {
                i++;
            }
            if (i == digits) {
                return false;
            }
        }
        if (i < n && (s[i] == 'e' || s[i] == 'E')) {
            i++;
            if (i < n && (s[i] == '+' || s[i] == '-')) {
                i++;
            }
            int digits = i;
            while (i < n && isDigit(s[i])) {
                i++;
            }
            if (i == digits) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean anyMatch(byte[] data, ClassRun[] runs, DigitShapeSet shapes, StreamScanner... scanners) {
        boolean[] found = new boolean[1];
        MatchHandler any = (id, from, to) -> found[0] = true;
        for (StreamScanner scanner : scanners) {
            if (scanner != null) {
                try (StreamScanner.Stream stream = scanner.open()) {
                    stream.scan(data, 0, data.length, any);
                    stream.close(any);
                }
            }
        }
        for (ClassRun run : runs) {
            new ClassRun.Scanner(run).scan(data, 0, data.length, 0, (from, to) -> found[0] = true);
        }
        DigitRuns digits = new DigitRuns();
        digits.begin(shapes);
        digits.scan(data, 0, data.length, 0, (shape, from, to) -> found[0] = true);
        return found[0];
    }
}
