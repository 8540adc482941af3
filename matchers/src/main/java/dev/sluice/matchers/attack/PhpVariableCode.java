package dev.sluice.matchers.attack;

/**
 * PHP code that calls a variable as a function or reads the request's own globals: what a web
 * shell and an injected {@code eval()} payload are made of (CWE-94; CRS 933130, 933180). PHP
 * calls whatever a variable holds, so obfuscated shells name no function at all:
 *
 * <ul>
 *   <li>a superglobal indexed: {@code $_GET[}, {@code $_POST[}, {@code $_REQUEST[},
 *       {@code $_COOKIE[}, {@code $_SERVER[}, {@code $_FILES[}, {@code $_ENV[},
 *       {@code $_SESSION[}, {@code $GLOBALS[} (case-sensitive, as PHP's names are);</li>
 *   <li>a call of a variable that is indexed ({@code $__['o'](5)}, {@code $OOO000000{0}(15)},
 *       {@code $_a[5]['d'] /*x*}{@code / (17)}), a variable variable ({@code $$b(2)}), a name
 *       computed in braces ({@code ${'a'}(11)}, {@code ${@$b}(12)}), or one whose errors are
 *       silenced ({@code @$s_func(22)}).</li>
 * </ul>
 *
 * A plain {@code $name(…)} is not enough: JavaScript calls {@code $http(…)} and {@code $el(…)},
 * and template strings write {@code ${count}}. Every index, brace and gap is bounded, so a value
 * full of {@code $} costs linear time.
 */
final class PhpVariableCode {
    private static final byte[][] SUPERGLOBALS = Ascii.exact("_GET", "_POST", "_REQUEST", "_COOKIE", "_SERVER",
        "_FILES", "_ENV", "_SESSION", "GLOBALS");
    /** Most bytes of one index or braced name, and of the blanks and comments between parts. */
    private static final int MAX_PART = 64;
    private static final int MAX_INDEXES = 8;

    private PhpVariableCode() {
    }

    static boolean detect(byte[] b, int off, int end) {
        for (int i = off; i < end; i++) {
            if (b[i] == '$' && (superglobal(b, i + 1, end) || variableCall(b, off, i, end))) {
                return true;
            }
        }
        return false;
    }

    private static boolean superglobal(byte[] b, int i, int end) {
        for (byte[] name : SUPERGLOBALS) {
            if (Ascii.startsWithExact(b, i, end, name)) {
                int k = i + name.length;
                return !Ascii.isWord(Ascii.at(b, k, end)) && Ascii.at(b, Ascii.skipSpace(b, k, end), end) == '[';
            }
        }
        return false;
    }

    /** Whether the variable at {@code dollar} is called and is no plain {@code $name}. */
    private static boolean variableCall(byte[] b, int off, int dollar, int end) {
        boolean silenced = dollar > off && b[dollar - 1] == '@';
        int i = dollar + 1;
        int dollars = 1;
        while (i < end && b[i] == '$' && dollars < MAX_INDEXES) {
            i++;
            dollars++;
        }
        boolean computed = false;
        if (Ascii.at(b, i, end) == '{') {
            int first = Ascii.at(b, Ascii.skipSpace(b, i + 1, end), end);
            if (first != '\'' && first != '"' && first != '@' && first != '$') {
                return false; // ${count}: a template placeholder
            }
            i = close(b, i, end, '{', '}');
            computed = true;
        } else {
            int nameEnd = Ascii.wordEnd(b, i, end);
            if (nameEnd == i || Ascii.isDigit(b[i] & 0xFF)) {
                return false;
            }
            i = nameEnd;
        }
        int indexes = 0;
        while (i > 0 && i < end && indexes <= MAX_INDEXES) {
            int k = gap(b, i, end);
            int c = Ascii.at(b, k, end);
            if (c == '(') {
                return computed || silenced || dollars > 1 || indexes > 0;
            }
            if (c != '[' && c != '{') {
                return false;
            }
            i = close(b, k, end, c, c == '[' ? ']' : '}');
            if (i == k + 2) {
                return false; // $a[]() appends, it reads nothing: PHP refuses to call it
            }
            indexes++;
        }
        return false;
    }

    /** Blanks, {@code /*…*}{@code /} comments and PHP's line comments ({@code #}, {@code //}) from {@code i}. */
    private static int gap(byte[] b, int i, int end) {
        int limit = Math.min(end, i + MAX_PART);
        while (i < limit) {
            int k = Ascii.skipSpaceAndComments(b, i, limit, MAX_PART, 4);
            boolean lineComment = Ascii.at(b, k, end) == '#'
                || Ascii.at(b, k, end) == '/' && Ascii.at(b, k + 1, end) == '/';
            if (!lineComment) {
                return k;
            }
            while (k < limit && b[k] != '\n') {
                k++;
            }
            i = k;
        }
        return i;
    }

    /** The index after the bracket that closes the one at {@code open} (no nesting of its kind), or -1. */
    private static int close(byte[] b, int open, int end, int opener, int closer) {
        int limit = Math.min(end, open + MAX_PART);
        for (int k = open + 1; k < limit; k++) {
            if (b[k] == closer) {
                return k + 1;
            }
            if (b[k] == opener) {
                return -1;
            }
        }
        return -1;
    }
}
