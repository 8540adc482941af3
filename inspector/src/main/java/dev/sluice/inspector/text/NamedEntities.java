package dev.sluice.inspector.text;

import java.nio.charset.StandardCharsets;

/**
 * The named character references Sluice decodes (a subset of WHATWG HTML §13.5): the five XML
 * ones, {@code nbsp}, and the punctuation and symbols that show up in error pages and
 * profiles. Any other name is passed on verbatim, which only matters when a secret's own
 * characters are written as rare named references.
 */
final class NamedEntities {
    private static final String[] NAMES = {
        "amp", "lt", "gt", "quot", "apos", "nbsp", "copy", "reg", "trade", "hellip", "mdash", "ndash",
        "lsquo", "rsquo", "ldquo", "rdquo", "laquo", "raquo", "middot", "bull", "euro", "pound", "yen",
        "cent", "sect", "para", "deg", "plusmn", "times", "divide", "shy", "commat", "num", "dollar",
        "percnt", "lpar", "rpar", "colon", "semi", "equals", "quest", "sol", "bsol", "lowbar", "period",
        "comma", "excl", "plus", "minus", "ast", "Hat", "grave", "lbrack", "rbrack", "lbrace", "rbrace",
        "verbar", "tilde", "iexcl", "iquest", "zwj", "zwnj", "ensp", "emsp", "thinsp",
    };
    private static final int[] CODE_POINTS = {
        '&', '<', '>', '"', '\'', 0xA0, 0xA9, 0xAE, 0x2122, 0x2026, 0x2014, 0x2013,
        0x2018, 0x2019, 0x201C, 0x201D, 0xAB, 0xBB, 0xB7, 0x2022, 0x20AC, 0xA3, 0xA5,
        0xA2, 0xA7, 0xB6, 0xB0, 0xB1, 0xD7, 0xF7, 0xAD, '@', '#', '$',
        '%', '(', ')', ':', ';', '=', '?', '/', '\\', '_', '.',
        ',', '!', '+', 0x2212, '*', '^', '`', '[', ']', '{', '}',
        '|', 0x2DC, 0xA1, 0xBF, 0x200D, 0x200C, 0x2002, 0x2003, 0x2009,
    };
    private static final byte[][] BYTES = new byte[NAMES.length][];

    static {
        for (int i = 0; i < NAMES.length; i++) {
            BYTES[i] = NAMES[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private NamedEntities() {
    }

    /** The code point named by {@code b[from, to)} (case-sensitive, as in HTML), or -1. */
    static int lookup(byte[] b, int from, int to) {
        int n = to - from;
        for (int i = 0; i < BYTES.length; i++) {
            byte[] name = BYTES[i];
            if (name.length == n && java.util.Arrays.equals(name, 0, n, b, from, to)) {
                return CODE_POINTS[i];
            }
        }
        return -1;
    }
}
