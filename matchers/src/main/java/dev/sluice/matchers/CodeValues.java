package dev.sluice.matchers;

import java.util.Locale;

/**
 * Whether a value after a key in free text is code rather than data: {@code password = auth[2]}
 * in a Python module, {@code token = Keyword.Reserved} in a lexer. Only unquoted values are
 * asked about (a quoted one is a literal); the validators judge what is left, in every kind of
 * body.
 */
final class CodeValues {
    private static final String[] RECEIVERS = {"self.", "this.", "cls."};

    private CodeValues() {
    }

    /**
     * Whether the value {@code [pos, end)} after {@code key} in free text is code rather than
     * data. Unquoted, it is
     * <ul>
     *   <li>a call or a subscript of a name of two or more letters and no digit ({@code auth[2]},
     *       {@code getpass(prompt,}, {@code minidom.TypeInfo(None,});</li>
     *   <li>a module's function called ({@code base64.b16encode(...)}, {@code rand::thread_rng()}),
     *       or a path the key's own ':' began ({@code TokenTree::from(...)});</li>
     *   <li>a dotted name read from a receiver ({@code self.x}, {@code this.x}, {@code cls.x}),
     *       ending in the key's own name ({@code token.ERRORTOKEN}, {@code process.env.DB_PASSWORD})
     *       or in a name for nothing ({@code _ffi.NULL}), or of three or more segments without a
     *       digit ({@code Name.Builtin.Pseudo});</li>
     *   <li>a snake_case name without a digit holding the key's name ({@code url_user_password});</li>
     *   <li>a parenthesis opened on a name and cut at a blank, a comma or a semicolon before it
     *       closes: a cast, a grouped expression or a docstring's type ({@code (char *) (p + 2)},
     *       {@code (a + b) * c}, {@code (bool, optional)}).</li>
     * </ul>
     * Source code, stack traces and templates assign such fields from expressions; a leaked
     * secret is a literal. A quoted value is always data.
     */
    static boolean is(DecodedWindow window, long pos, long end, String key) {
        if (end <= pos || KeyAnchors.openingQuote(window, pos) != 0) {
            return false;
        }
        if (window.at(pos) == ':' && window.holds(pos - 1, pos) && window.at(pos - 1) == ':') {
            return true; // "TokenTree::from(...)": the key's ':' began a path separator, not a value
        }
        if (window.at(pos) == '(') {
            return openParenthesis(window, pos, end);
        }
        if (!isIdentifierStart(window.at(pos))) {
            return false;
        }
        long segment = pos;
        int segments = 1;
        boolean digits = false; // in the segment: a name called or indexed has none (a password "Pa55(w)" does)
        boolean anyDigit = false;
        for (long q = pos; q < end; q++) {
            int b = window.at(q);
            if ((b == '(' || b == '[') && q - segment >= 2 && (!digits || segments > 1)) {
                return true; // a module's function may hold digits (base64.b16encode)
            }
            int separator = separatorAt(window, q, end);
            if (separator > 0 && q > segment && q + separator < end && isIdentifierStart(window.at(q + separator))) {
                segments++;
                q += separator - 1;
                segment = q + 1;
                digits = false;
            } else if (b >= '0' && b <= '9') {
                digits = true;
                anyDigit = true;
            } else if (!isIdentifierStart(b)) {
                return false;
            }
        }
        if (segments == 1) {
            return key != null && snakeCaseNaming(window, pos, end, key);
        }
        return receiver(window, pos) || key != null && endsWithName(window, segment, end, key)
                || segments >= 3 && !anyDigit || isNullName(window, segment, end);
    }

    /** The length of a path separator at {@code q}: '.' (most languages) or "::" (Rust, C++, Ruby, PHP), else 0. */
    private static int separatorAt(DecodedWindow window, long q, long end) {
        int b = window.at(q);
        if (b == '.') {
            return 1;
        }
        return b == ':' && q + 1 < end && window.at(q + 1) == ':' ? 2 : 0;
    }

    private static final String[] NULL_NAMES = {"null", "none", "nil"};

    /** A constant for nothing in a module or a foreign-function binding: {@code _ffi.NULL}, {@code types.None}. */
    private static boolean isNullName(DecodedWindow window, long from, long to) {
        for (String name : NULL_NAMES) {
            if (to - from == name.length() && matchesAt(window, from, name, true)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the window holds {@code s} at {@code pos}; {@code s} in lower case when {@code ignoreCase}. */
    private static boolean matchesAt(DecodedWindow window, long pos, String s, boolean ignoreCase) {
        for (int i = 0; i < s.length(); i++) {
            int b = window.at(pos + i);
            if ((ignoreCase ? Character.toLowerCase((char) b) : b) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code self.}, {@code this.}, {@code cls.}: an object's own field, read in a method. */
    private static boolean receiver(DecodedWindow window, long pos) {
        for (String r : RECEIVERS) {
            if (window.holds(pos, pos + r.length()) && matchesAt(window, pos, r, false)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A snake_case name without digits that holds the key's own name ({@code url_user_password},
     * {@code password_ptr} after {@code password =}): a variable passed on, not its content.
     */
    private static boolean snakeCaseNaming(DecodedWindow window, long pos, long end, String key) {
        boolean underscore = false;
        StringBuilder name = new StringBuilder((int) (end - pos));
        for (long q = pos; q < end; q++) {
            int b = window.at(q);
            if (b == '_') {
                underscore = true;
            } else if (b >= '0' && b <= '9') {
                return false;
            }
            name.append(Character.toLowerCase((char) b));
        }
        String word = lastWord(key);
        return underscore && word.length() >= 3 && name.indexOf(word) >= 0;
    }

    /**
     * The last run of letters and digits of {@code key}, in lower case ({@code db.password} gives
     * {@code password}). Unlike {@link ContextRule#lastWord}, a camel-case hump does not split it
     * ({@code dbPassword} gives {@code dbpassword}): the shorter {@code password} would take more
     * values for code, and a value taken for code is a finding lost.
     */
    private static String lastWord(String key) {
        int k = key.length();
        while (k > 0 && !Character.isLetterOrDigit(key.charAt(k - 1))) {
            k--;
        }
        int start = k;
        while (start > 0 && Character.isLetterOrDigit(key.charAt(start - 1))) {
            start--;
        }
        return key.substring(start, k).toLowerCase(Locale.ROOT);
    }

    /**
     * {@code (name} cut at a blank, a comma or a semicolon before its closing parenthesis:
     * {@code (char *)}, {@code (bool, optional)}. A capture
     * also stops at a ')', so one that ends there ({@code (x7Q)k2}) is left to the validators.
     */
    private static boolean openParenthesis(DecodedWindow window, long pos, long end) {
        if (end - pos < 3 || !isIdentifierStart(window.at(pos + 1)) || !window.holds(end, end + 1)) {
            return false;
        }
        int after = window.at(end);
        return after == ' ' || after == '\t' || after == ',' || after == ';';
    }

    private static boolean isIdentifierStart(int b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_';
    }

    /** Whether {@code [from, to)} ends with the last word of {@code key}, letters compared without case. */
    private static boolean endsWithName(DecodedWindow window, long from, long to, String key) {
        String word = lastWord(key);
        int n = word.length();
        return n > 0 && to - from >= n && matchesAt(window, to - n, word, true);
    }
}
