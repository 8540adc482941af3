package dev.sluice.inspector.json;

import dev.sluice.inspector.text.AsciiCase;

/**
 * Decodes a value (a JSON string, a form field, a markup or head value) that is base64 of text
 * (RFC 4648, standard or URL-safe alphabet, padded or not, with the line breaks MIME writers and
 * GitHub's contents API put in it), or of gzip or zlib text, perhaps after a data URL's header: a
 * file's content, a queue message's {@code data}, a webhook's {@code payload}. Binary content (an
 * image, random key material, a hash read as base64) is refused at its first bytes, so the
 * common refusal costs a few lookups.
 */
final class Base64Text {
    /** Shorter strings decode to at most 11 bytes: names, ids, a short password (read by its key). */
    static final int MIN_CHARS = 16;
    /** Longer strings are read as they are; a decoded copy is held while it is parsed. */
    static final int MAX_CHARS = 32 * 1024;
    /** Symbols decoded before a first check that they are text: six bytes, which an id's are one time in 70. */
    static final int FIRST_SAMPLE_CHARS = 8;
    /** The bytes {@link #FIRST_SAMPLE_CHARS} symbols decode to. */
    static final int SAMPLE_BYTES = FIRST_SAMPLE_CHARS / 4 * 3;
    private static final int SAMPLE_CHARS = 16;
    /** Longest {@code data:} URL header read before its base64 ({@code data:text/csv;charset=utf-8;base64,}). */
    static final int MAX_DATA_URL_HEADER = 128;
    private static final byte[] DATA = AsciiCase.word("data:");
    private static final byte[] BASE64_PARAMETER = AsciiCase.word(";base64");

    /** The 6-bit value of each base64 character of either alphabet; -1 for any other byte. */
    private static final byte[] VALUE = new byte[256];

    static {
        java.util.Arrays.fill(VALUE, (byte) -1);
        String std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < std.length(); i++) {
            VALUE[std.charAt(i)] = (byte) i;
        }
        VALUE['+'] = 62;
        VALUE['-'] = 62;
        VALUE['/'] = 63;
        VALUE['_'] = 63;
    }

    /** The bytes {@link #symbol} accepts, looked up once per byte of every candidate value. */
    private static final boolean[] SYMBOL = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            SYMBOL[c] = VALUE[c] >= 0 || c == '=' || c == '\n' || c == '\r';
        }
    }

    private Base64Text() {
    }

    /** Whether byte {@code b} can be part of a base64 text: a symbol of either alphabet, padding or a line break. */
    static boolean symbol(byte b) {
        return SYMBOL[b & 0xFF];
    }

    /**
     * Where the characters of {@code b[s, e)} that may be base64 start: after the header of a
     * data URL that says base64 ({@code data:text/csv;base64,}, RFC 2397), the header's letters in
     * any case; else at {@code s}. A data URL without {@code ;base64}, or whose header runs past
     * {@value #MAX_DATA_URL_HEADER} bytes, starts at {@code e}: it holds no base64.
     */
    static int payloadStart(byte[] b, int s, int e) {
        if (!AsciiCase.startsWith(b, s, e, DATA)) {
            return s;
        }
        int end = Math.min(e, s + MAX_DATA_URL_HEADER);
        for (int i = s + DATA.length; i < end; i++) {
            if (b[i] == ',') {
                return i - s >= DATA.length + BASE64_PARAMETER.length
                        && AsciiCase.startsWith(b, i - BASE64_PARAMETER.length, i, BASE64_PARAMETER) ? i + 1 : e;
            }
        }
        return e;
    }

    /**
     * Whether byte {@code b}, outside the alphabet, can belong to the header of a data URL
     * ({@code data:text/csv;base64,}) at index {@code at} of a value whose bytes before it are
     * {@code into[0, at)}: the value opened with {@code data:} and has had no comma within
     * {@value #MAX_DATA_URL_HEADER} bytes. A value streams, so this is asked byte by byte.
     */
    static boolean inDataUrlHeader(byte[] into, int at, byte b) {
        int colon = DATA.length - 1;
        if (at < colon || at >= MAX_DATA_URL_HEADER) {
            return false;
        }
        if (at == colon) {
            return b == ':' && AsciiCase.regionMatches(into, 0, DATA, colon);
        }
        if (into[colon] != ':') {
            return false;
        }
        for (int i = DATA.length; i < at; i++) {
            if (into[i] == ',') {
                return false; // the header has ended: only base64 follows
            }
        }
        return true;
    }

    /**
     * Whether the raw string content {@code b[s, e)} can be base64 as sent: a length in range and
     * only characters of the alphabets, padding and JSON's backslash (a {@code \/} or {@code \n}).
     */
    static boolean mayBe(byte[] b, int s, int e) {
        int n = e - s;
        if (n < MIN_CHARS || n > MAX_CHARS) {
            return false;
        }
        for (int i = s; i < e; i++) {
            int c = b[i] & 0xFF;
            if (VALUE[c] < 0 && c != '=' && c != '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes {@code chars[s, e)} into {@code out} (at least {@code (e - s) * 3 / 4} bytes) and
     * returns the decoded length, or -1 when the characters are not one base64 text (another
     * byte, padding before the end, both alphabets, a dangling character) or do not decode to
     * text: UTF-8 without control bytes but tab and line breaks, or, where
     * {@code compressedToo}, bytes that open a gzip or zlib stream ({@link #compressed}), whose
     * text the caller checks once inflated.
     */
    static int decode(byte[] chars, int s, int e, byte[] out, boolean compressedToo) {
        int n = 0;
        int acc = 0;
        int bits = 0;
        int symbols = 0;
        int padding = 0;
        boolean standard = false;
        boolean urlSafe = false;
        for (int i = s; i < e; i++) {
            int c = chars[i] & 0xFF;
            if (c == '\n' || c == '\r') {
                continue;
            }
            if (c == '=') {
                padding++;
                continue;
            }
            int v = VALUE[c];
            if (v < 0 || padding > 0) {
                return -1;
            }
            standard |= c == '+' || c == '/';
            urlSafe |= c == '-' || c == '_';
            acc = acc << 6 | v;
            bits += 6;
            symbols++;
            if (bits >= 8) {
                bits -= 8;
                out[n++] = (byte) (acc >> bits);
                if ((symbols == FIRST_SAMPLE_CHARS || symbols == SAMPLE_CHARS) && !text(out, 0, n)
                        && !(compressedToo && compressed(out, 0, n))) {
                    return -1; // binary from the start: an image, a key, a hash, an id
                }
            }
        }
        boolean oneAlphabet = !(standard && urlSafe);
        boolean whole = symbols % 4 != 1 && padding <= 2 && (padding == 0 || (symbols + padding) % 4 == 0);
        return oneAlphabet && whole && n >= 8 && (text(out, 0, n) || compressedToo && compressed(out, 0, n)) ? n : -1;
    }

    /**
     * Whether {@code b[s, s + n)} opens a gzip member (RFC 1952: {@code 1f 8b}, method 8) or a zlib
     * stream (RFC 1950: method 8, a window of at most 32 KiB, a header whose check bits hold):
     * what a CloudWatch Logs subscription's {@code awslogs.data} or a compressed queue message is.
     */
    static boolean compressed(byte[] b, int s, int n) {
        if (n < 3) {
            return false;
        }
        int b0 = b[s] & 0xFF;
        int b1 = b[s + 1] & 0xFF;
        if (b0 == 0x1f && b1 == 0x8b) {
            return (b[s + 2] & 0xFF) == 8;
        }
        return (b0 & 0x0F) == 8 && (b0 >> 4) <= 7 && (b0 << 8 | b1) % 31 == 0 && (b1 & 0x20) == 0;
    }

    /**
     * Whether {@code chars[s, s + FIRST_SAMPLE_CHARS)} may open a base64 text: false only when
     * they are all symbols of an alphabet whose six bytes (decoded into {@code sample}) open
     * neither text nor a gzip or zlib stream, as an id's, a hash's or a key's do 69 times in 70.
     * A line break, padding or a data URL's {@code data:} (its colon is no symbol) leaves the
     * judgement to {@link #decode}.
     */
    static boolean mayOpen(byte[] chars, int s, byte[] sample) {
        for (int group = 0; group < FIRST_SAMPLE_CHARS / 4; group++) {
            int acc = 0;
            for (int i = s + 4 * group; i < s + 4 * group + 4; i++) {
                int v = VALUE[chars[i] & 0xFF];
                if (v < 0) {
                    return true;
                }
                acc = acc << 6 | v;
            }
            sample[3 * group] = (byte) (acc >> 16);
            sample[3 * group + 1] = (byte) (acc >> 8);
            sample[3 * group + 2] = (byte) acc;
        }
        return text(sample, 0, SAMPLE_BYTES) || compressed(sample, 0, SAMPLE_BYTES);
    }

    /**
     * Whether {@code b[s, e)} is UTF-8 text with no control byte but tab, CR and LF; a sequence
     * cut by {@code e} counts as text (the sample's end may fall inside one).
     */
    static boolean text(byte[] b, int s, int e) {
        int i = s;
        while (i < e) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F) {
                    return false;
                }
                i++;
                continue;
            }
            int more = c >= 0xF0 && c <= 0xF4 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 && c < 0xE0 ? 1 : -1;
            if (more < 0 || c > 0xF4) {
                return false;
            }
            for (int k = 1; k <= more; k++) {
                if (i + k >= e) {
                    return true;
                }
                if ((b[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += more + 1;
        }
        return true;
    }
}
