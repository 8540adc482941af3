package dev.sluice.matchers.attack;

/**
 * Undoes the encodings attackers layer on top of what the parsers already decoded once:
 * percent escapes (so double encoding such as {@code %253C} and {@code %u}XXXX), HTML
 * character references ({@code &#x3c;}, {@code &#0000060}, {@code &lt;}, {@code &colon;},
 * {@code &Tab;}), JavaScript escapes ({@code \x3c}, <code>&#92;u003c</code>), overlong UTF-8 for ASCII
 * ({@code C0 AE} is a dot; CWE-176), full-width ASCII forms, and NUL bytes (dropped, as
 * browsers do inside tag names). Runs up to {@link #MAX_PASSES} passes until nothing changes,
 * into {@link AttackScratch}'s buffers; decoding only ever shrinks the input.
 *
 * <p>References: OWASP XSS Filter Evasion Cheat Sheet; CWE-174 (double decoding).
 */
final class AttackNormalizer {
    static final int MAX_PASSES = 3;

    private static final WordTable NAMED;

    static {
        String[] names = {"lt", "gt", "amp", "quot", "apos", "colon", "lpar", "rpar", "tab", "newline",
            "equals", "sol", "bsol", "period", "comma", "semi", "excl", "num", "lsqb", "rsqb", "lbrack",
            "rbrack", "grave", "nbsp", "lcub", "rcub", "lbrace", "rbrace", "plus", "ast", "dollar", "percnt",
            "quest", "commat", "hyphen", "dash", "lowbar", "verbar", "vert", "midast", "Hat"};
        String chars = "<>&\"':()\t\n=/\\.,;!#[][]` {}{}+*$%?@--_||*^";
        int[] codes = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            codes[i] = chars.charAt(i) + 1;
        }
        NAMED = WordTable.of(names, codes);
    }

    private AttackNormalizer() {
    }

    /** An attack check over {@code b[off, end)}; {@code s} is this thread's working memory. */
    @FunctionalInterface
    interface Detection {
        boolean detect(byte[] b, int off, int end, AttackScratch s);
    }

    /**
     * Runs {@code check} on the candidate as received and, when it may carry extra encoding,
     * again on its normalised form: the two-pass rule every attack validator follows.
     */
    static boolean rawOrNormalized(dev.sluice.matchers.validate.CandidateView candidate, Detection check) {
        byte[] b = candidate.buf();
        int off = candidate.off();
        int end = off + candidate.len();
        AttackScratch s = AttackScratch.get();
        if (check.detect(b, off, end, s)) {
            return true;
        }
        if (mayBeEncoded(b, off, end)) {
            int n = normalize(b, off, end, s);
            return n >= 0 && check.detect(s.decoded, 0, n, s);
        }
        return false;
    }

    /** Whether any byte of the value could start an encoding this class undoes. */
    static boolean mayBeEncoded(byte[] buf, int off, int end) {
        for (int i = off; i < end; i++) {
            int b = buf[i] & 0xFF;
            if (b == '%' || b == '&' || b == '\\' || b == 0 || b == 0xC0 || b == 0xC1 || b == 0xEF) {
                return true;
            }
        }
        return false;
    }

    /**
     * Decodes {@code buf[off, end)} (at most {@link AttackScratch#MAX_DECODED} bytes) into
     * {@code s.decoded}; returns the decoded length, or -1 when decoding changed nothing.
     */
    static int normalize(byte[] buf, int off, int end, AttackScratch s) {
        int len = Math.min(end - off, AttackScratch.MAX_DECODED);
        byte[] src = buf;
        int srcOff = off;
        byte[] dst = s.first;
        boolean changed = false;
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            int out = decodeOnce(src, srcOff, srcOff + len, dst);
            if (out < 0) {
                break;
            }
            changed = true;
            len = out;
            src = dst;
            srcOff = 0;
            dst = dst == s.first ? s.second : s.first;
        }
        if (!changed) {
            return -1;
        }
        s.decoded = src;
        return len;
    }

    /** One decoding pass; returns the output length, or -1 when the input had no encoding. */
    private static int decodeOnce(byte[] b, int off, int end, byte[] out) {
        int o = 0;
        boolean changed = false;
        int i = off;
        while (i < end) {
            int c = b[i] & 0xFF;
            int v;
            switch (c) {
                case '%' -> {
                    v = percent(b, i, end);
                    if (v >= 0) {
                        int used = v >>> 16;
                        int ch = v & 0xFFFF;
                        // %C0%AE: an overlong two-byte form of an ASCII character.
                        if ((ch == 0xC0 || ch == 0xC1) && i + used < end) {
                            int next = percent(b, i + used, end);
                            if (next >= 0 && (next & 0xFFFF) >= 0x80 && (next & 0xFFFF) <= 0xBF) {
                                ch = ((ch & 0x1F) << 6) | (next & 0x3F);
                                used += next >>> 16;
                            }
                        }
                        out[o++] = (byte) ch;
                        i += used;
                        changed = true;
                        continue;
                    }
                }
                case '&' -> {
                    v = entity(b, i, end);
                    if (v >= 0) {
                        out[o++] = (byte) (v & 0xFF);
                        i += v >>> 16;
                        changed = true;
                        continue;
                    }
                }
                case '\\' -> {
                    v = jsEscape(b, i, end);
                    if (v >= 0) {
                        out[o++] = (byte) (v & 0xFF);
                        i += v >>> 16;
                        changed = true;
                        continue;
                    }
                }
                case 0 -> {
                    i++;
                    changed = true;
                    continue;
                }
                case 0xC0, 0xC1 -> {
                    int n = Ascii.at(b, i + 1, end);
                    if (n >= 0x80 && n <= 0xBF) {
                        out[o++] = (byte) (((c & 0x1F) << 6) | (n & 0x3F));
                        i += 2;
                        changed = true;
                        continue;
                    }
                }
                case 0xEF -> {
                    // Full-width forms U+FF01..U+FF5E (EF BC 81 .. EF BD 9E) stand for ASCII.
                    int b1 = Ascii.at(b, i + 1, end);
                    int b2 = Ascii.at(b, i + 2, end);
                    if ((b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF) || (b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E)) {
                        int cp = 0xF000 | ((b1 & 0x3F) << 6) | (b2 & 0x3F);
                        out[o++] = (byte) (cp - 0xFEE0);
                        i += 3;
                        changed = true;
                        continue;
                    }
                }
                default -> {
                }
            }
            out[o++] = (byte) c;
            i++;
        }
        return changed ? o : -1;
    }

    /** {@code %XX} or {@code %u}XXXX (ASCII and full-width only): (bytes used << 16) | byte, or -1. */
    private static int percent(byte[] b, int i, int end) {
        int h1 = Ascii.hexValue(Ascii.at(b, i + 1, end));
        int h2 = Ascii.hexValue(Ascii.at(b, i + 2, end));
        if (h1 >= 0 && h2 >= 0) {
            return (3 << 16) | (h1 << 4) | h2;
        }
        int u = Ascii.at(b, i + 1, end);
        if ((u == 'u' || u == 'U') && i + 5 < end) {
            int cp = hex4(b, i + 2);
            if (cp >= 0 && cp < 0x80) {
                return (6 << 16) | cp;
            }
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                return (6 << 16) | (cp - 0xFEE0);
            }
        }
        return -1;
    }

    private static int hex4(byte[] b, int i) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int h = Ascii.hexValue(b[i + k] & 0xFF);
            if (h < 0) {
                return -1;
            }
            v = (v << 4) | h;
        }
        return v;
    }

    /**
     * A character reference at {@code i}: numeric ({@code ;} optional, any number of leading
     * zeros) or one of the named references that matter to scripts ({@code ;} required except
     * for lt, gt, amp, quot). Only references to ASCII decode. Returns (bytes used << 16) | byte.
     */
    private static int entity(byte[] b, int i, int end) {
        int j = i + 1;
        if (Ascii.at(b, j, end) == '#') {
            j++;
            boolean hex = false;
            int x = Ascii.at(b, j, end);
            if (x == 'x' || x == 'X') {
                hex = true;
                j++;
            }
            int digitsStart = j;
            long v = 0;
            while (j < end && j - digitsStart < 16) {
                int d = hex ? Ascii.hexValue(b[j] & 0xFF) : (Ascii.isDigit(b[j] & 0xFF) ? b[j] - '0' : -1);
                if (d < 0) {
                    break;
                }
                v = v * (hex ? 16 : 10) + d;
                j++;
            }
            if (j == digitsStart || v >= 0x80) {
                return -1;
            }
            if (Ascii.at(b, j, end) == ';') {
                j++;
            }
            return ((j - i) << 16) | (int) v;
        }
        int nameStart = j;
        while (j < end && j - nameStart <= 8 && Ascii.isAlpha(b[j] & 0xFF)) {
            j++;
        }
        int code = NAMED.lookup(b, nameStart, j - nameStart);
        if (code == 0) {
            return -1;
        }
        boolean semi = Ascii.at(b, j, end) == ';';
        int ch = code - 1;
        if (!semi && ch != '<' && ch != '>' && ch != '&' && ch != '"') {
            return -1;
        }
        return ((j - i + (semi ? 1 : 0)) << 16) | ch;
    }

    /** {@code \xHH} or <code>&#92;uXXXX</code> naming an ASCII byte: (bytes used << 16) | byte, or -1. */
    private static int jsEscape(byte[] b, int i, int end) {
        int t = Ascii.at(b, i + 1, end);
        if (t == 'x' || t == 'X') {
            int h1 = Ascii.hexValue(Ascii.at(b, i + 2, end));
            int h2 = Ascii.hexValue(Ascii.at(b, i + 3, end));
            if (h1 >= 0 && h2 >= 0 && (h1 << 4 | h2) < 0x80) {
                return (4 << 16) | (h1 << 4) | h2;
            }
        } else if ((t == 'u' || t == 'U') && i + 5 < end) {
            int cp = hex4(b, i + 2);
            if (cp >= 0 && cp < 0x80) {
                return (6 << 16) | cp;
            }
        }
        return -1;
    }
}
