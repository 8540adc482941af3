package dev.sluice.matchers.validate;

/**
 * Recognises placeholders and masks, which TAXONOMY.md says are never findings: values a
 * template, a sample config or a log sanitiser put where a secret would go. Shared by
 * {@link PlaceholderValidator} and every secret validator that must not report them.
 *
 * <p>A value (ASCII whitespace around it ignored, letters compared without case) is a
 * placeholder when it
 * <ul>
 *   <li>is empty, or one of the words {@code null none nil undefined true false yes no on off changeme
 *       change_me change-me replace_me replaceme password pass passwd pwd secret todo tbd n/a},
 *       or {@code redacted filtered masked hidden removed protected sanitized scrubbed
 *       omitted withheld censored elided obfuscated}, bare or in {@code [...]}, {@code (...)}
 *       or {@code {...}}; or a type name ({@code string str bytes int integer bool boolean number
 *       object}), what OpenAPI examples, signatures and annotations put there
 *       ({@code def build(self, password: bytes)}); or {@code !0} / {@code !1}, minified JavaScript's booleans; or
 *       {@code value}, what documentation writes for any value ({@code password=value});</li>
 *   <li>is a template reference: {@code <...>}, {@code ${...}}, {@code {{...}}},
 *       {@code %VAR%}, {@code $VAR} (upper-case shell style), {@code $db_password} (a lower-case
 *       snake_case variable), a printf-style specifier
 *       ({@code %s}, {@code %(password)s}, {@code %1$s}), a format field ({@code {password!r}});</li>
 *   <li>is code naming a secret's source ({@link CodeReference}: {@code getSecret()},
 *       {@code [parameters('pw')]}, {@code os.environ/KEY});</li>
 *   <li>is at most three bytes with no letter or digit (an operator read as a value);</li>
 *   <li>starts with {@code your_}, {@code your-} or {@code xxx}; contains {@code example};
 *       ends in the word {@code here} ({@code your_token_here}, {@code AccessTokenHere},
 *       {@code RANDOMSTRINGHERE});</li>
 *   <li>is masked: only mask characters ({@code * x X # . •}) or only {@code 0}; more than half
 *       mask characters {@code * x X •}; a run of four {@code *}, {@code x/X} or {@code •}
 *       ({@code sk_live_****1234}, {@code ghp_xxxx...}); any byte eight times in a row, in a
 *       value of at most 64 bytes or for a quarter of a longer one (base64 of binary data repeats
 *       bytes: every AWS session token opens {@code IQoJb3JpZ2luX2VjE…//////////…}); twelve
 *       consecutive letters or digits ({@code abcdefghijklmnop}), a keyboard-filled sample;</li>
 *   <li>contains a vendor documentation example (AWS, Slack).</li>
 * </ul>
 */
final class Placeholders {
    // yes/no/on/off: YAML's and diagnostics' booleans ("using password: YES" in MySQL's access-denied error).
    static final byte[][] WORDS = Ascii.words("null", "none", "nil", "undefined", "true", "false",
            "yes", "no", "on", "off", "changeme", "change_me", "change-me", "replace_me", "replaceme", "replace-me",
            "password", "pass", "passwd", "pwd", "secret", "todo", "tbd", "n/a", "redacted", "filtered", "masked", "hidden", "removed",
            "protected", "sanitized", "scrubbed", "omitted", "withheld", "censored", "elided", "obfuscated", "string", "str", "!0", "!1", "value",
            "bytes", "int", "integer", "bool", "boolean", "number", "object");

    private static final byte[][] PREFIXES = Ascii.words("your_", "your-", "xxx");

    private static final byte[] EXAMPLE = Ascii.bytes("example");
    /** Consecutive letters or digits a key never holds by chance ({@code AIzaSyabcdefghijklmnopqrstuvwxyz…}). */
    private static final int ASCENDING_RUN = 12;
    /** A byte this many times in a row fills a short value in by hand ({@code sk_live_aaaaaaaa…}). */
    private static final int SAME_RUN = 8;
    /** Longer values are base64 or hex of binary data more often than typed, and repeat bytes for a while. */
    private static final int SHORT_VALUE = 64;
    private static final byte[] HERE = Ascii.bytes("here");
    private static final byte[][] HERE_NOUNS = Ascii.words("key", "token", "string", "secret", "password", "value");

    /** Values from vendor documentation, matched case-sensitively anywhere in the value. */
    static final byte[][] DOC_EXAMPLES = Ascii.words("AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "T00000000", "B00000000", "XXXXXXXXXXXXXXXXXXXXXXXX");
    /**
     * The bytes {@code example} in any case or a documentation example starts with: where a value
     * is compared with them at all.
     */
    private static final boolean[] EXAMPLE_FIRST = firstBytes(DOC_EXAMPLES, Ascii.words("e", "E"));
    /** The longest placeholder word: a longer value is compared with none of them. */
    private static final int LONGEST_WORD = longest(WORDS);

    /** UTF-8 of U+2022 BULLET, the mask character of many UIs. */
    private static final int BULLET_0 = 0xE2;
    private static final int BULLET_1 = 0x80;
    private static final int BULLET_2 = 0xA2;

    private Placeholders() {}

    /** True when {@code buf[off, off + len)} is a placeholder or mask (see the class comment). */
    static boolean is(byte[] buf, int off, int len) {
        int s = off;
        int e = off + len;
        while (s < e && Ascii.isSpace(buf[s])) {
            s++;
        }
        while (e > s && Ascii.isSpace(buf[e - 1])) {
            e--;
        }
        int n = e - s;
        if (n == 0) {
            return true;
        }
        if (isWord(buf, s, n) || isTemplate(buf, s, n) || CodeReference.is(buf, s, n) || isOperator(buf, s, n)) {
            return true;
        }
        for (byte[] p : PREFIXES) {
            if (Ascii.startsWithIgnoreCase(buf, s, n, p)) {
                return true;
            }
        }
        return isMasked(buf, s, n) || saysHere(buf, s, n) || holdsExample(buf, s, n);
    }

    static boolean isWord(byte[] buf, int s, int n) {
        // "[REDACTED]", "(hidden)", "{FILTERED}": compare the inside of one pair of brackets too.
        if (n > 2 && closes(buf[s], buf[s + n - 1])) {
            s++;
            n -= 2;
        }
        if (n > LONGEST_WORD) {
            return false;
        }
        for (byte[] w : WORDS) {
            if (Ascii.equalsIgnoreCase(buf, s, n, w)) {
                return true;
            }
        }
        return false;
    }

    private static boolean closes(byte open, byte close) {
        return open == '[' && close == ']' || open == '(' && close == ')' || open == '{' && close == '}';
    }

    private static boolean isTemplate(byte[] buf, int s, int n) {
        int first = buf[s];
        int last = buf[s + n - 1];
        if (n >= 2 && first == '<' && last == '>') {
            return Ascii.indexOf(buf, s + 1, n - 2, '>') < 0;
        }
        if (n >= 3 && first == '$' && buf[s + 1] == '{') {
            // A key=value capture stops at '}', so "${VAR" is the same reference cut short.
            return Ascii.indexOf(buf, s + 2, n - 3, '}') < 0;
        }
        if (n >= 2 && first == '{' && buf[s + 1] == '{') {
            // "{{ .Secret }}", or "{{key" where a key=value capture stopped at the first '}'.
            return true;
        }
        if (n >= 3 && first == '%' && last == '%') {
            return allVarChars(buf, s + 1, n - 2, false);
        }
        if (n >= 2 && first == '$') {
            return (Ascii.isUpper(buf[s + 1]) || buf[s + 1] == '_') && allVarChars(buf, s + 1, n - 1, true)
                    || isSnakeName(buf, s + 1, n - 1);
        }
        return first == '%' && isFormatSpecifier(buf, s, n) || first == '{' && isFormatField(buf, s, n);
    }

    /**
     * A replacement field of Python's {@code str.format} and f-strings, C#'s interpolation:
     * {@code {password}}, {@code {password!r}}, or cut short where a key=value capture stopped
     * at the '}' ({@code {password!r}); a lower-case name and at most a conversion, no spaces.
     */
    private static boolean isFormatField(byte[] buf, int s, int n) {
        int e = buf[s + n - 1] == '}' ? s + n - 1 : s + n;
        int i = s + 1;
        if (i >= e || !(buf[i] >= 'a' && buf[i] <= 'z' || buf[i] == '_')) {
            return false;
        }
        // A variable's name is lower case (snake_case); "{Xk9pQ2Lm7}" mixes cases like a generated value.
        while (i < e && (buf[i] >= 'a' && buf[i] <= 'z' || Ascii.isDigit(buf[i]) || buf[i] == '_' || buf[i] == '.')) {
            i++;
        }
        return i == e || i + 2 == e && buf[i] == '!' && Ascii.isAlpha(buf[i + 1]);
    }

    /** Conversions a printf-style specifier ends in: C, Python, Java, Go. */
    private static final String CONVERSIONS = "sdrvqiuxXf";

    /**
     * A printf-style format specifier: {@code %s}, {@code %-20s}, {@code %(password)s} (Python),
     * {@code %1$s} (Java), {@code %v} (Go) — the template a program fills, printed before it is
     * filled ({@code "password:%s"} in a config template).
     */
    private static boolean isFormatSpecifier(byte[] buf, int s, int n) {
        if (n >= 3 && buf[s + 1] == '(' && allVarChars(buf, s + 2, n - 2, false)) {
            return true; // "%(password" where a key=value capture stopped at the ')'
        }
        if (n < 2 || CONVERSIONS.indexOf(buf[s + n - 1]) < 0) {
            return false;
        }
        int i = s + 1;
        int end = s + n - 1;
        if (buf[i] == '(') {
            int close = Ascii.indexOf(buf, i, end - i, ')'); // relative to i
            if (close < 1 || !allVarChars(buf, i + 1, close - 1, false)) {
                return false;
            }
            i += close + 1;
        }
        for (; i < end; i++) {
            int b = buf[i];
            if (!(b >= '0' && b <= '9' || b == '$' || b == '-' || b == '+' || b == ' ' || b == '#' || b == '.')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Up to three bytes and no letter or digit: an operator or a stray delimiter
     * ({@code secret == 'x'} read as {@code secret = "="}), never a credential.
     */
    private static boolean isOperator(byte[] buf, int s, int n) {
        if (n > 3) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (Ascii.isAlnum(buf[s + i]) || (buf[s + i] & 0x80) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A lower-case snake_case name of two or more words, each opening with a letter
     * ({@code gdcapi_db_password} of {@code $gdcapi_db_password}): a shell or PHP variable, where
     * a password would not be two words of lower-case letters joined by an underscore.
     */
    private static boolean isSnakeName(byte[] buf, int s, int n) {
        boolean wordStart = true;
        int words = 0;
        for (int i = 0; i < n; i++) {
            int b = buf[s + i];
            if (b == '_') {
                if (wordStart) {
                    return false;
                }
                wordStart = true;
            } else if (wordStart) {
                if (!Ascii.isLower(b)) {
                    return false;
                }
                words++;
                wordStart = false;
            } else if (!Ascii.isLower(b) && !Ascii.isDigit(b)) {
                return false;
            }
        }
        return !wordStart && words >= 2;
    }

    /** {@code [A-Za-z_]+} for %VAR%, {@code [A-Z0-9_]+} for $VAR. */
    private static boolean allVarChars(byte[] buf, int s, int n, boolean upperShell) {
        for (int i = 0; i < n; i++) {
            int b = buf[s + i];
            boolean ok = upperShell ? Ascii.isUpper(b) || Ascii.isDigit(b) || b == '_' : Ascii.isAlpha(b) || b == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Ends in the word "here" where a sample says where the secret goes: after a separator
     * ({@code your_token_here}, {@code KEY-HERE}), as the last word of a camel-case name
     * ({@code AccessTokenHere}) or glued to a placeholder noun in capitals ({@code RANDOMSTRINGHERE}).
     * Not "nowhere": the word must stand apart.
     */
    private static boolean saysHere(byte[] buf, int s, int n) {
        if (n < 5 || !Ascii.regionMatchesIgnoreCase(buf, s + n - 4, HERE)) {
            return false;
        }
        int before = buf[s + n - 5] & 0xFF;
        int h = buf[s + n - 4];
        if (before == '_' || before == '-' || before == '.' || before == ' ') {
            return true;
        }
        if (h == 'H' && Ascii.isLower(before) && Ascii.isLower(buf[s + n - 3])) {
            return true;
        }
        if (h == 'H' && Ascii.isUpper(buf[s + n - 3])) {
            for (byte[] noun : HERE_NOUNS) {
                int at = s + n - 4 - noun.length;
                if (at >= s && Ascii.regionMatchesIgnoreCase(buf, at, noun) && Ascii.isUpper(buf[at])) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isMasked(byte[] buf, int s, int n) {
        int chars = 0;
        int maskChars = 0;
        boolean onlyMaskOrFill = true;
        boolean onlyZero = true;
        int run = 0; // current run of mask characters of one kind
        int runKind = -1;
        int same = 0; // current run of one byte value
        int ascending = 0; // current run of consecutive letters or digits (abcdefgh…)
        int prevByte = -1;
        for (int i = 0; i < n; i++) {
            int b = buf[s + i] & 0xFF;
            same = b == prevByte ? same + 1 : 1;
            ascending = b == prevByte + 1 && Ascii.isAlnum(b) ? ascending + 1 : 1;
            prevByte = b;
            if (same >= SAME_RUN && (n <= SHORT_VALUE || same * 4 >= n) || ascending >= ASCENDING_RUN) {
                return true;
            }
            if ((b & 0xC0) == 0x80) {
                continue; // UTF-8 continuation byte: counted with its lead byte
            }
            chars++;
            int kind;
            if (b == BULLET_0 && i + 2 < n && (buf[s + i + 1] & 0xFF) == BULLET_1 && (buf[s + i + 2] & 0xFF) == BULLET_2) {
                kind = 0x2022;
            } else if (b == 'x' || b == 'X') {
                kind = 'x';
            } else if (b == '*') {
                kind = '*';
            } else {
                kind = -1;
            }
            if (kind >= 0) {
                maskChars++;
                run = kind == runKind ? run + 1 : 1;
                runKind = kind;
                if (run >= 4) {
                    return true;
                }
            } else {
                run = 0;
                runKind = -1;
            }
            if (kind < 0 && b != '#' && b != '.') {
                onlyMaskOrFill = false;
            }
            if (b != '0') {
                onlyZero = false;
            }
        }
        return onlyMaskOrFill || onlyZero || maskChars * 2 > chars;
    }

    /**
     * Whether {@code example} in any case or a documentation example occurs in the value: one pass
     * over it, each compared only where its first byte stands, where a search for each read the
     * value six times.
     */
    static boolean holdsExample(byte[] buf, int s, int n) {
        for (int i = 0; i < n; i++) {
            byte b = buf[s + i];
            if (!EXAMPLE_FIRST[b & 0xFF]) {
                continue;
            }
            if (Ascii.startsWithIgnoreCase(buf, s + i, n - i, EXAMPLE)) {
                return true;
            }
            for (byte[] d : DOC_EXAMPLES) {
                if (d[0] == b && Ascii.startsWith(buf, s + i, n - i, d)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean[] firstBytes(byte[][]... lists) {
        boolean[] first = new boolean[256];
        for (byte[][] words : lists) {
            for (byte[] w : words) {
                first[w[0] & 0xFF] = true;
            }
        }
        return first;
    }

    private static int longest(byte[][] words) {
        int longest = 0;
        for (byte[] w : words) {
            longest = Math.max(longest, w.length);
        }
        return longest;
    }
}
