package dev.sluice.matchers.attack;

/**
 * The script half of {@link XssValidator}: payloads that are already in a JavaScript context
 * (a reflected value inside {@code <script>} or an event handler, or a DOM sink) carry no tag.
 * At each word start this recognises:
 *
 * <ul>
 *   <li>calls of dialog and eval sinks with a script-like argument: {@code alert(1)},
 *       {@code confirm()}, {@code prompt`1`}, {@code alert?.(..)}, {@code (alert)(1)},
 *       {@code confirm.call(null,1)}, {@code eval(atob(..))}, {@code setTimeout('..')};</li>
 *   <li>{@code document.cookie}, {@code document["cookie"]}, {@code window.location}, the DOM
 *       lookups and writes injected script starts with ({@code document.querySelector},
 *       {@code document.getElementById}, {@code document.execCommand}),
 *       {@code String.fromCharCode(}, {@code constructor(} and {@code constructor.constructor}
 *       (AngularJS sandbox escapes in {@code {{..}}}) ({@code __proto__} is
 *       {@link PrototypePollutionValidator}'s: polluting a prototype is an attack of its own, on
 *       the server as in the page);</li>
 *   <li>{@code javascript:} (and {@code vbscript:}) followed by an expression, also with white
 *       space inside the scheme, or with nothing after it when a tab or a line break sits inside
 *       the scheme's letters ({@code ja&tab;vascript:}), which browsers drop and only evasion
 *       writes; {@code data:text/html}; {@code srcdoc=}; CSS {@code :expression(};</li>
 *   <li>{@code document} and {@code window} with comments or a parenthesis before the member
 *       ({@code document /*x*}{@code / .cookie}, {@code (document)["cookie"]}), and the other names
 *       of the global object ({@code self top parent frames globalThis}) indexed by a quoted
 *       sink or DOM name or an escape ({@code self["alert"]}, {@code top["\x61lert"]});</li>
 *   <li>a method called as a tagged template ({@code [].sort.call`${alert}1`},
 *       {@code Reflect.apply.call`...`}, also with blanks around the dots), which runs a function
 *       with no parenthesis in sight.</li>
 * </ul>
 *
 * <p>A sink word in prose ("please confirm (by Friday)", "set an alert(s)") does not match:
 * the call must follow the name directly and its argument must look like code.
 */
final class JsContextScanner {
    private static final int SINK = 1;
    private static final int DOM_OBJECT = 2;
    private static final int CONSTRUCTOR = 3;
    private static final int FROM_CHAR_CODE = 4;
    private static final int SRCDOC = 5;
    private static final int EXPRESSION = 6;
    private static final int GLOBAL_OBJECT = 7;
    private static final int CALL_METHOD = 8;

    private static final WordTable WORDS = WordTable.of(
        new String[] {"alert", "confirm", "prompt", "eval", "settimeout", "setinterval", "execscript",
            "document", "window", "constructor", "fromcharcode", "srcdoc", "expression", "self", "top", "parent",
            "frames", "globalthis", "call", "apply"},
        new int[] {SINK, SINK, SINK, SINK, SINK, SINK, SINK, DOM_OBJECT, DOM_OBJECT, CONSTRUCTOR,
            FROM_CHAR_CODE, SRCDOC, EXPRESSION, GLOBAL_OBJECT, GLOBAL_OBJECT, GLOBAL_OBJECT, GLOBAL_OBJECT,
            GLOBAL_OBJECT, CALL_METHOD, CALL_METHOD});

    /** Quoted names that make an index of the global object script ({@code self["alert"]}). */
    private static final WordTable GLOBAL_MEMBERS = WordTable.of(1, "alert", "confirm", "prompt", "eval",
        "settimeout", "setinterval", "document", "location", "cookie", "fetch", "atob", "constructor", "function",
        "open", "execscript");

    /** Longest run of blanks and comments read between a name and what follows it. */
    private static final int MAX_GAP = 256;

    /** Identifiers that, as a sink's first argument, make the call code rather than prose. */
    private static final WordTable ARGUMENTS = WordTable.of(1, "document", "window", "this", "self", "top",
        "parent", "location", "name", "string", "atob", "xss", "origin", "navigator", "frames", "globalthis",
        "localstorage", "eval", "alert", "null", "undefined", "cookie", "domain", "fetch", "new", "unescape",
        "decodeuricomponent", "btoa", "function");

    private static final WordTable DOM_MEMBERS = WordTable.of(1, "cookie", "domain", "write", "writeln",
        "location", "onerror", "body", "createelement", "open", "name", "href", "queryselector", "queryselectorall",
        "getelementbyid", "getelementsbyname", "getelementsbytagname", "getelementsbyclassname", "execcommand",
        "referrer", "forms", "defaultview");

    private static final WordTable CALL_METHODS = WordTable.of(1, "call", "apply", "bind");

    private static final byte[][] SCRIPT_SCHEMES = {Ascii.bytes("javascript"), Ascii.bytes("vbscript"),
        Ascii.bytes("livescript")};

    private JsContextScanner() {
    }

    /** Whether the word starting at {@code i} begins script (see class comment). */
    static boolean wordAt(byte[] b, int i, int end) {
        int c = Ascii.lower(b[i]);
        if (c == 'j' || c == 'v' || c == 'l' || c == 'd') {
            if (schemeAt(b, i, end)) {
                return true;
            }
        }
        int j = i;
        while (j < end && Ascii.isWord(b[j] & 0xFF) && (b[j] & 0xFF) < 0x80) {
            j++;
        }
        int word = WORDS.lookup(b, i, j - i);
        if (word == 0) {
            return false;
        }
        int next = Ascii.at(b, j, end);
        return switch (word) {
            case SINK -> sinkCall(b, i, j, end);
            case DOM_OBJECT -> domMember(b, i, j, end);
            case GLOBAL_OBJECT -> globalIndex(b, i, j, end);
            case CALL_METHOD -> dotBefore(b, i) && Ascii.at(b, skipGap(b, j, end), end) == '`';
            case CONSTRUCTOR -> next == '(' || (next == '.' && Ascii.startsWith(b, j + 1, end, CONSTRUCTOR_WORD));
            case FROM_CHAR_CODE -> next == '(';
            case SRCDOC -> Ascii.at(b, Ascii.skipSpace(b, j, end), end) == '=';
            case EXPRESSION -> Ascii.at(b, Ascii.skipSpace(b, j, end), end) == '(' && colonBefore(b, i);
            default -> false;
        };
    }

    private static final byte[] CONSTRUCTOR_WORD = Ascii.bytes("constructor");
    /** Most blanks read back from a method name to its dot ({@code [] . sort . call`…`}). */
    private static final int MAX_DOT_GAP = 16;

    /**
     * Whether a {@code .} stands before {@code i}: the name is a member. Blanks between count only
     * with a blank before the dot too ({@code sort . call}): prose's full stop sits on its word
     * ("the office. Call `make`").
     */
    private static boolean dotBefore(byte[] b, int i) {
        int k = i - 1;
        for (int n = 0; k >= 0 && n < MAX_DOT_GAP && Ascii.isSpace(b[k] & 0xFF); n++) {
            k--;
        }
        return k >= 0 && b[k] == '.' && (k == i - 1 || k > 0 && Ascii.isSpace(b[k - 1] & 0xFF));
    }

    /**
     * {@code document.cookie}, {@code document["cookie"]}: the member after the name at
     * {@code [i, j)}, past blanks, comments and the parenthesis that closes one opened before it.
     * A blank after the dot counts only with a gap before it too ({@code document . cookie}): a
     * full stop in prose sits on its word ({@code Sign the document. Write your name}).
     */
    private static boolean domMember(byte[] b, int i, int j, int end) {
        int k = afterName(b, i, j, end);
        int next = Ascii.at(b, k, end);
        if (next == '[') {
            int q = Ascii.at(b, skipGap(b, k + 1, end), end);
            return q == '"' || q == '\'' || q == '`';
        }
        return next == '.' && memberIn(b, k > j ? skipGap(b, k + 1, end) : k + 1, end, DOM_MEMBERS);
    }

    /** {@code self["alert"]}, {@code top['\x61lert']}: the global object indexed by a sink or an escape. */
    private static boolean globalIndex(byte[] b, int i, int j, int end) {
        int k = afterName(b, i, j, end);
        if (Ascii.at(b, k, end) != '[') {
            return false;
        }
        k = skipGap(b, k + 1, end);
        int q = Ascii.at(b, k, end);
        if (q != '"' && q != '\'' && q != '`') {
            return false;
        }
        return Ascii.at(b, k + 1, end) == '\\' || memberIn(b, k + 1, end, GLOBAL_MEMBERS);
    }

    /** Where what follows a name at {@code [i, j)} starts: past blanks, comments and a {@code )} closing a {@code (} right before it. */
    private static int afterName(byte[] b, int i, int j, int end) {
        int k = skipGap(b, j, end);
        if (Ascii.at(b, k, end) == ')' && i > 0 && b[i - 1] == '(') {
            k = skipGap(b, k + 1, end);
        }
        return k;
    }

    /** Skips white space and {@code /*...*}{@code /} comments from {@code k}, at most {@link #MAX_GAP} bytes. */
    private static int skipGap(byte[] b, int k, int end) {
        return Ascii.skipSpaceAndComments(b, k, end, MAX_GAP, Integer.MAX_VALUE);
    }

    private static boolean schemeAt(byte[] b, int i, int end) {
        for (byte[] scheme : SCRIPT_SCHEMES) {
            int after = HtmlTagScanner.looseMatch(b, i, end, scheme);
            if (after >= 0) {
                int k = Ascii.skipSpace(b, after, end);
                if (Ascii.at(b, k, end) == ':') {
                    return expressionFollows(b, k + 1, end) || controlInside(b, i, after);
                }
            }
        }
        return Ascii.lower(b[i]) == 'd' && HtmlTagScanner.isScriptUrl(b, i, end);
    }

    /** Whether a tab, a line break or another control byte stands among a scheme's letters. */
    private static boolean controlInside(byte[] b, int from, int to) {
        for (int k = from; k < to; k++) {
            if ((b[k] & 0xFF) < 0x20) {
                return true;
            }
        }
        return false;
    }

    /** After {@code javascript:}: an expression rather than prose ("JavaScript: Basics of"). */
    private static boolean expressionFollows(byte[] b, int k, int end) {
        while (k < end && ((b[k] & 0xFF) <= 0x20 || (b[k] & 0xFF) >= 0x80)) {
            k++;
        }
        int c = Ascii.at(b, k, end);
        if (c < 0) {
            return false;
        }
        if ("([{'\"`!~+-/".indexOf(c) >= 0) {
            return true;
        }
        if (!Ascii.isWord(c) || c >= 0x80 || Ascii.isDigit(c)) {
            return false;
        }
        while (k < end && Ascii.isWord(b[k] & 0xFF) && (b[k] & 0xFF) < 0x80) {
            k++;
        }
        int n = Ascii.at(b, k, end);
        int after = Ascii.at(b, k + 1, end);
        // A call, a tagged template, member access or assignment; not a full stop.
        return n == '(' || n == '`' || n == '[' || (n == '.' && Ascii.isAlpha(after))
            || (n == '?' && after == '.') || (n == '=' && after != '=');
    }

    /** The sink name occupies {@code [i, j)}. */
    private static boolean sinkCall(byte[] b, int i, int j, int end) {
        int n = Ascii.at(b, j, end);
        switch (n) {
            case '(' -> {
                return scriptArgument(b, j + 1, end);
            }
            case '`' -> {
                return true;
            }
            case '?' -> {
                return Ascii.at(b, j + 1, end) == '.' && Ascii.at(b, j + 2, end) == '(';
            }
            case '.' -> {
                return memberIn(b, j + 1, end, CALL_METHODS);
            }
            case ')' -> {
                int after = Ascii.at(b, j + 1, end);
                return i > 0 && b[i - 1] == '(' && (after == '(' || after == '`');
            }
            default -> {
                return false;
            }
        }
    }

    private static boolean scriptArgument(byte[] b, int k, int end) {
        k = Ascii.skipSpace(b, k, end);
        int c = Ascii.at(b, k, end);
        if (c < 0) {
            return false;
        }
        if (Ascii.isDigit(c) || ")'\"`/[{=-!(+~_$".indexOf(c) >= 0) {
            return true;
        }
        if (!Ascii.isAlpha(c)) {
            return false;
        }
        int s = k;
        while (k < end && Ascii.isWord(b[k] & 0xFF) && (b[k] & 0xFF) < 0x80) {
            k++;
        }
        return ARGUMENTS.lookup(b, s, k - s) != 0;
    }

    /** Whether an identifier from {@code k}, followed by {@code (} or not, is in {@code table}. */
    private static boolean memberIn(byte[] b, int k, int end, WordTable table) {
        int s = k;
        while (k < end && Ascii.isWord(b[k] & 0xFF) && (b[k] & 0xFF) < 0x80) {
            k++;
        }
        return k > s && table.lookup(b, s, k - s) != 0;
    }

    private static boolean colonBefore(byte[] b, int i) {
        int k = i - 1;
        while (k >= 0 && Ascii.isSpace(b[k] & 0xFF)) {
            k--;
        }
        return k >= 0 && b[k] == ':';
    }
}
