package dev.sluice.matchers.validate;

/**
 * Byte-class tests shared by the validators: one 256-entry table, so each test is a single
 * array load and never depends on the platform charset. Bytes are passed as unsigned ints
 * ({@code 0..255}) or {@code -1} for "no byte", which every test answers false for.
 */
final class Ascii {
    private static final int DIGIT = 1;
    private static final int UPPER = 2;
    private static final int LOWER = 4;
    private static final int HEX = 8;
    private static final int SPACE = 16;
    /** {@code [A-Za-z0-9_-]}: the base64url alphabet, also what most token formats use. */
    private static final int B64URL = 32;

    private static final byte[] CLASS = new byte[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            CLASS[c] |= DIGIT | HEX | B64URL;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            CLASS[c] |= UPPER | B64URL;
            CLASS[c + 32] |= LOWER | B64URL;
        }
        for (int c = 'A'; c <= 'F'; c++) {
            CLASS[c] |= HEX;
            CLASS[c + 32] |= HEX;
        }
        CLASS['_'] |= B64URL;
        CLASS['-'] |= B64URL;
        for (char c : new char[] {' ', '\t', '\n', '\r', '\f', 0x0B}) {
            CLASS[c] |= SPACE;
        }
    }

    private Ascii() {}

    private static boolean is(int b, int mask) {
        return b >= 0 && b < 256 && (CLASS[b] & mask) != 0;
    }

    static boolean isDigit(int b) {
        return is(b, DIGIT);
    }

    static boolean isUpper(int b) {
        return is(b, UPPER);
    }

    static boolean isLower(int b) {
        return is(b, LOWER);
    }

    static boolean isAlpha(int b) {
        return is(b, UPPER | LOWER);
    }

    static boolean isAlnum(int b) {
        return is(b, DIGIT | UPPER | LOWER);
    }

    static boolean isHex(int b) {
        return is(b, HEX);
    }

    static boolean isSpace(int b) {
        return is(b, SPACE);
    }

    /** {@code [A-Za-z0-9_-]}. */
    static boolean isB64Url(int b) {
        return is(b, B64URL);
    }

    /** ASCII lower-casing; every other byte is returned unchanged. */
    static int lower(int b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    /** Value of a hex digit, or -1. */
    static int hexValue(int b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int l = lower(b);
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }

    /** True when {@code buf[off, off + len)} equals {@code word} ignoring ASCII case. */
    static boolean equalsIgnoreCase(byte[] buf, int off, int len, byte[] word) {
        if (len != word.length) {
            return false;
        }
        return regionMatchesIgnoreCase(buf, off, word);
    }

    /** True when {@code word} occurs at {@code buf[off]} (the caller has checked the bounds), ignoring ASCII case. */
    static boolean regionMatchesIgnoreCase(byte[] buf, int off, byte[] word) {
        for (int i = 0; i < word.length; i++) {
            if (lower(buf[off + i] & 0xFF) != lower(word[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code buf[off, off + len)} starts with {@code word}, ignoring ASCII case. */
    static boolean startsWithIgnoreCase(byte[] buf, int off, int len, byte[] word) {
        return len >= word.length && regionMatchesIgnoreCase(buf, off, word);
    }

    /** True when {@code buf[off, off + len)} starts with exactly {@code word}. */
    static boolean startsWith(byte[] buf, int off, int len, byte[] word) {
        if (len < word.length) {
            return false;
        }
        for (int i = 0; i < word.length; i++) {
            if (buf[off + i] != word[i]) {
                return false;
            }
        }
        return true;
    }

    /** Where byte {@code b} first occurs in {@code buf[off, off + len)}, relative to {@code off}; -1 when it does not. */
    static int indexOf(byte[] buf, int off, int len, int b) {
        for (int i = 0; i < len; i++) {
            if (buf[off + i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** True when {@code word} occurs anywhere in {@code buf[off, off + len)}, ignoring ASCII case. */
    static boolean containsIgnoreCase(byte[] buf, int off, int len, byte[] word) {
        for (int i = 0; i + word.length <= len; i++) {
            if (regionMatchesIgnoreCase(buf, off + i, word)) {
                return true;
            }
        }
        return false;
    }

    /** The ASCII bytes of a constant; for static initialisers only. */
    static byte[] bytes(String ascii) {
        return ascii.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The ASCII bytes of several constants; for static initialisers only. */
    static byte[][] words(String... w) {
        byte[][] out = new byte[w.length][];
        for (int i = 0; i < w.length; i++) {
            out[i] = bytes(w[i]);
        }
        return out;
    }
}
