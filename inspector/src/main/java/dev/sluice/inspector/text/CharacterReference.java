package dev.sluice.inspector.text;

/**
 * Collects and resolves one HTML character reference (WHATWG HTML §13.2.5.72-80, "character
 * reference state"): {@code &#64;}, {@code &#x40;} and the named references of {@link
 * NamedEntities}, across any chunking. The raw bytes, {@code &} included, are kept in a
 * {@value #MAX_BYTES}-byte buffer so that a reference that does not resolve can be passed on
 * verbatim; no real reference is longer. Reused for every reference.
 */
final class CharacterReference {
    /** Longest reference kept; a longer run of name characters is not a reference. */
    static final int MAX_BYTES = 32;

    private final byte[] raw = new byte[MAX_BYTES];
    private final byte[] decoded = new byte[4];
    private int len;
    private int decodedLen;
    private int codePoint;
    private long wireStart;
    /** Wire bytes of the {@code &}: 1, or 6 for a JSON string's {@code \\u0026}. */
    private int ampersandWireLength;

    /** Starts a reference at the {@code &} at wire offset {@code wireStart}. */
    void start(long wireStart) {
        start(wireStart, 1);
    }

    /**
     * Starts a reference at an {@code &} that takes {@code ampersandWireLength} wire bytes from
     * {@code wireStart} on: an escape of the outer syntax ({@code \\u0026} in a Go service's JSON,
     * whose encoder writes every {@code &} so).
     */
    void start(long wireStart, int ampersandWireLength) {
        this.wireStart = wireStart;
        this.ampersandWireLength = ampersandWireLength;
        raw[0] = '&';
        len = 1;
    }

    /** Wire bytes of the {@code &} that began the reference. */
    int ampersandWireLength() {
        return ampersandWireLength;
    }

    /**
     * Offers the next byte. Returns true when it belongs to the reference (a name character,
     * {@code #} or {@code x} in place); false when it ends it unterminated (then it is not
     * consumed), or when the reference grew too long to be one.
     */
    boolean offer(byte b) {
        boolean ok = isAlnum(b) || (b == '#' && len == 1);
        if (!ok || len >= MAX_BYTES - 1) {
            return false;
        }
        raw[len++] = b;
        return true;
    }

    /** Appends the terminating {@code ;}; always fits, as offer() keeps the last slot free. */
    void terminate() {
        if (len < MAX_BYTES) {
            raw[len++] = ';';
        }
    }

    /**
     * Resolves the collected bytes; on success {@link #decoded()} holds the UTF-8 of the
     * character. Numeric references resolve with or without {@code ;} (as browsers do, with a
     * parse error); named ones only with it.
     */
    boolean resolve() {
        boolean semi = raw[len - 1] == ';';
        int end = semi ? len - 1 : len;
        int cp;
        if (end >= 3 && raw[1] == '#') {
            cp = numeric(end);
        } else if (semi && end > 1) {
            cp = NamedEntities.lookup(raw, 1, end);
        } else {
            cp = -1;
        }
        if (cp < 0) {
            return false;
        }
        codePoint = cp;
        decodedLen = Utf8.encode(cp, decoded);
        return true;
    }

    /** §13.2.5.80 numeric character reference end state: null, out of range and surrogates become U+FFFD. */
    private int numeric(int end) {
        boolean hex = raw[2] == 'x' || raw[2] == 'X';
        int from = hex ? 3 : 2;
        if (from >= end) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < end; i++) {
            int d = digit(raw[i], hex);
            if (d < 0) {
                return -1;
            }
            v = Math.min(v * (hex ? 16 : 10) + d, 0x110000);
        }
        if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
            return 0xFFFD;
        }
        return (int) v;
    }

    private static int digit(byte b, boolean hex) {
        if (hex) {
            return PercentEscape.hexValue(b);
        }
        return b >= '0' && b <= '9' ? b - '0' : -1;
    }

    static boolean isAlnum(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    byte[] raw() {
        return raw;
    }

    int rawLength() {
        return len;
    }

    byte[] decoded() {
        return decoded;
    }

    int decodedLength() {
        return decodedLen;
    }

    long wireStart() {
        return wireStart;
    }

    long wireEnd() {
        return wireStart + ampersandWireLength - 1 + len;
    }

    /** True when the resolved character is white space (so it neither starts a text node nor a label). */
    boolean decodedIsSpace() {
        return codePoint == ' ' || codePoint == '\t' || codePoint == '\n' || codePoint == '\f' || codePoint == '\r'
                || codePoint == 0xA0;
    }
}
