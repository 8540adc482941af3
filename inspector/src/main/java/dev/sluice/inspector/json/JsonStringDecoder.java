package dev.sluice.inspector.json;

import dev.sluice.matchers.ValueSink;

/**
 * Decodes the raw bytes of a JSON string's content (between the quotes, RFC 8259 §7) into a
 * {@link ValueSink}: runs without escapes go out verbatim, each escape goes out as the UTF-8
 * bytes it stands for together with its exact wire span, so a finding's offsets cover the
 * escapes as they were sent ({@code jane\u0040mail.net}). Surrogate pairs become one 4-byte
 * sequence; a lone surrogate becomes U+FFFD. Stateless apart from a 4-byte scratch.
 */
final class JsonStringDecoder {
    private final byte[] out = new byte[4];

    /** Decodes {@code raw[from, to)}, whose first byte sits at wire offset {@code wireBase}. */
    void decode(byte[] raw, int from, int to, long wireBase, ValueSink sink) {
        int run = from;
        int i = from;
        while (i < to) {
            if (raw[i] != '\\') {
                i++;
                continue;
            }
            if (i > run) {
                sink.verbatim(raw, run, i - run, wireBase + (run - from));
            }
            int escEnd = escape(raw, i, to);
            int n = outLen;
            if (n > 0) {
                sink.escaped(out, 0, n, wireBase + (i - from), wireBase + (escEnd - from));
            }
            i = escEnd;
            run = i;
        }
        if (to > run) {
            sink.verbatim(raw, run, to - run, wireBase + (run - from));
        }
    }

    private int outLen;

    /** Decodes the escape at {@code raw[i]} into {@link #out}; returns the index after it. */
    private int escape(byte[] raw, int i, int to) {
        outLen = 1;
        if (i + 1 >= to) {
            out[0] = '\\';
            return to;
        }
        byte c = raw[i + 1];
        switch (c) {
            case 'n' -> out[0] = '\n';
            case 't' -> out[0] = '\t';
            case 'r' -> out[0] = '\r';
            case 'b' -> out[0] = '\b';
            case 'f' -> out[0] = '\f';
            case 'u' -> {
                return unicode(raw, i, to);
            }
            default -> out[0] = c; // \" \\ \/ and anything Jackson let through
        }
        return i + 2;
    }

    private int unicode(byte[] raw, int i, int to) {
        int cp = hex4(raw, i + 2, to);
        if (cp < 0) {
            out[0] = '?';
            return Math.min(to, i + 2);
        }
        int end = i + 6;
        if (cp >= 0xD800 && cp <= 0xDBFF && end + 6 <= to && raw[end] == '\\' && raw[end + 1] == 'u') {
            int lo = hex4(raw, end + 2, to);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                end += 6;
            }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            cp = 0xFFFD;
        }
        utf8(cp);
        return end;
    }

    private void utf8(int cp) {
        if (cp < 0x80) {
            out[0] = (byte) cp;
            outLen = 1;
        } else if (cp < 0x800) {
            out[0] = (byte) (0xC0 | cp >> 6);
            out[1] = (byte) (0x80 | cp & 0x3F);
            outLen = 2;
        } else if (cp < 0x10000) {
            out[0] = (byte) (0xE0 | cp >> 12);
            out[1] = (byte) (0x80 | cp >> 6 & 0x3F);
            out[2] = (byte) (0x80 | cp & 0x3F);
            outLen = 3;
        } else {
            out[0] = (byte) (0xF0 | cp >> 18);
            out[1] = (byte) (0x80 | cp >> 12 & 0x3F);
            out[2] = (byte) (0x80 | cp >> 6 & 0x3F);
            out[3] = (byte) (0x80 | cp & 0x3F);
            outLen = 4;
        }
    }

    private static int hex4(byte[] raw, int p, int to) {
        if (p + 4 > to) {
            return -1;
        }
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(raw[p + k], 16);
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }
}
