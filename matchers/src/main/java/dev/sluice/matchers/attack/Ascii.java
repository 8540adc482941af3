package dev.sluice.matchers.attack;

/**
 * Byte classes and case folding for the attack tokenizers: 256-entry tables, so every
 * classification is one array load. ASCII only; bytes {@code >= 0x80} are "other".
 */
final class Ascii {
    static final int ALPHA = 1;
    static final int DIGIT = 2;
    static final int SPACE = 4;
    static final int HEX = 8;
    /** Letters, digits, underscore, dollar and every byte >= 0x80 (identifier parts). */
    static final int WORD = 16;

    private static final byte[] CLASS = new byte[256];
    private static final byte[] LOWER = new byte[256];

    static {
        for (int b = 0; b < 256; b++) {
            int c = 0;
            boolean alpha = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
            boolean digit = b >= '0' && b <= '9';
            if (alpha) {
                c |= ALPHA | WORD;
            }
            if (digit) {
                c |= DIGIT | WORD | HEX;
            }
            if ((b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F')) {
                c |= HEX;
            }
            if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == '\f') {
                c |= SPACE;
            }
            if (b == '_' || b == '$' || b >= 0x80) {
                c |= WORD;
            }
            CLASS[b] = (byte) c;
            LOWER[b] = (byte) (b >= 'A' && b <= 'Z' ? b + 32 : b);
        }
    }

    private Ascii() {
    }

    static boolean is(int b, int cls) {
        return b >= 0 && (CLASS[b & 0xFF] & cls) != 0;
    }

    static boolean isAlpha(int b) {
        return is(b, ALPHA);
    }

    static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }

    static boolean isSpace(int b) {
        return is(b, SPACE);
    }

    static boolean isWord(int b) {
        return is(b, WORD);
    }

    static int lower(int b) {
        return LOWER[b & 0xFF] & 0xFF;
    }

    static int hexValue(int b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int l = lower(b);
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }

    /** Lower-case ASCII bytes of a literal; for static tables only. */
    static byte[] bytes(String s) {
        byte[] out = new byte[s.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Character.toLowerCase(s.charAt(i));
        }
        return out;
    }

    /**
     * Whether {@code buf[at, end)} starts with the lower-case literal {@code lit}, ignoring
     * ASCII case.
     */
    static boolean startsWith(byte[] buf, int at, int end, byte[] lit) {
        if (at < 0 || end - at < lit.length) {
            return false;
        }
        for (int i = 0; i < lit.length; i++) {
            if (LOWER[buf[at + i] & 0xFF] != lit[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code buf[at, end)} starts with {@code lit} exactly, case included. */
    static boolean startsWithExact(byte[] buf, int at, int end, byte[] lit) {
        if (at < 0 || end - at < lit.length) {
            return false;
        }
        for (int i = 0; i < lit.length; i++) {
            if (buf[at + i] != lit[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@code s}'s bytes as written (ASCII), case kept; for static tables only. */
    static byte[] exact(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Each word's lower-case bytes; for static tables only. */
    static byte[][] bytes(String... words) {
        return each(words, w -> bytes(w));
    }

    /** Each word's bytes as written, case kept; for static tables only. */
    static byte[][] exact(String... words) {
        return each(words, w -> exact(w));
    }

    private static byte[][] each(String[] words, java.util.function.Function<String, byte[]> encode) {
        byte[][] out = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = encode.apply(words[i]);
        }
        return out;
    }

    /** Index of the last byte before {@code i} (down to {@code from}) that is not white space, or -1. */
    static int lastNonSpace(byte[] buf, int from, int i) {
        for (int k = i - 1; k >= from; k--) {
            if (!isSpace(buf[k] & 0xFF)) {
                return k;
            }
        }
        return -1;
    }

    /** Whether the lower-case literal occurs anywhere in {@code buf[from, end)}, ignoring case. */
    static int indexOf(byte[] buf, int from, int end, byte[] lit) {
        int last = end - lit.length;
        byte first = lit[0];
        for (int i = Math.max(from, 0); i <= last; i++) {
            if (LOWER[buf[i] & 0xFF] == first && startsWith(buf, i, end, lit)) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first byte at or after {@code i} that is not a word byte ({@link #isWord}), or {@code end}. */
    static int wordEnd(byte[] buf, int i, int end) {
        while (i < end && isWord(buf[i] & 0xFF)) {
            i++;
        }
        return i;
    }

    private static final byte[] COMMENT_END = bytes("*/");

    /**
     * Skips white space and {@code /*...*}{@code /} comments from {@code i}, reading at most
     * {@code maxBytes} bytes; the skip stops right after the {@code maxComments}th comment, and at
     * the {@code /*} of one that does not close. Returns where it stopped.
     */
    static int skipSpaceAndComments(byte[] buf, int i, int end, int maxBytes, int maxComments) {
        int limit = Math.min(end, i + maxBytes);
        int comments = 0;
        while (i < limit) {
            if (isSpace(buf[i] & 0xFF)) {
                i++;
            } else if (buf[i] == '/' && at(buf, i + 1, end) == '*') {
                int close = indexOf(buf, i + 2, limit, COMMENT_END);
                if (close < 0) {
                    return i;
                }
                i = close + COMMENT_END.length;
                if (++comments == maxComments) {
                    break;
                }
            } else {
                break;
            }
        }
        return i;
    }

    /** Index of the first byte at or after {@code i} that is not white space, or {@code end}. */
    static int skipSpace(byte[] buf, int i, int end) {
        while (i < end && isSpace(buf[i] & 0xFF)) {
            i++;
        }
        return i;
    }

    /** Byte at {@code i} unsigned, or -1 outside {@code [0, end)}. */
    static int at(byte[] buf, int i, int end) {
        return i >= 0 && i < end ? buf[i] & 0xFF : -1;
    }
}
