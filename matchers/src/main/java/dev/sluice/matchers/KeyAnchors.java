package dev.sluice.matchers;

import java.util.List;

/**
 * Reads a key-anchor match ({@code key=}, {@code "key": "}, {@code key => }, {@code key := }, {@code <Key>},
 * {@code Bearer }) back out of a session's decoded window: where the key starts, what it is,
 * and where the value after it starts and ends. Pure functions of the window.
 */
final class KeyAnchors {
    /** Longest anchor match walked back over: 40 + vocabulary word + 40 key characters and the tail. */
    static final int ANCHOR_MAX = 160;
    /** The longest first word of a two-word key read ({@code API key}), as the anchors bound a key's characters. */
    static final int PHRASE_WORD_MAX = 40;
    /** Verbs between a key and its separator ({@code password is: …}); the anchors allow them too (MatchEngine). */
    static final List<String> VERBS = List.of("is", "was", "are");

    private KeyAnchors() {
    }

    /**
     * Where the key of an anchor match ending at {@code to} starts, found by walking back over
     * the anchor's tail ({@code "key": "}, {@code key => }, {@code <Key>}, {@code Bearer })
     * and the key's characters; -1 when the window no longer holds it. Anchors are compiled
     * without start-of-match tracking: Hyperscan's SOM in streaming mode lost some of these
     * matches when a stream write boundary fell inside the key, and the start is cheap to
     * recover here.
     */
    static long anchorStart(DecodedWindow window, long to) {
        long lo = Math.max(window.start(), to - ANCHOR_MAX);
        if (to <= lo) {
            return -1;
        }
        long q = to;
        while (q > lo && isAnchorBlank(window.at(q - 1))) {
            q--;
        }
        boolean xml = false;
        int separator = 0;
        if (q - 1 > lo && window.at(q - 1) == '=' && window.at(q - 2) == ':') {
            separator = 2; // key := value
        } else if (q > lo && (window.at(q - 1) == '=' || window.at(q - 1) == ':')) {
            separator = 1;
        } else if (q - 1 > lo && window.at(q - 1) == '>' && window.at(q - 2) == '=') {
            separator = 2;
        } else if (q > lo && window.at(q - 1) == '>') {
            q--;
            xml = true;
        }
        if (separator > 0) {
            // key ["'] blanks (= | : | =>): step over the separator, the blanks and a closing quote.
            q -= separator;
            q = blanksBefore(window, q, lo);
            if (q > lo && (window.at(q - 1) == '"' || window.at(q - 1) == '\'')) {
                q--;
            }
        }
        while (q > lo && isKeyChar(window.at(q - 1), xml)) {
            q--;
        }
        if (xml && q > lo && window.at(q - 1) == '<') {
            q--;
        }
        return q < to ? q : -1;
    }

    /**
     * Whether the anchor {@code [from, to)} names no key although it ends in a separator: a path
     * segment, a name quoted with its separator, a documentation field's argument, a URL template
     * (each below).
     */
    static boolean notAKey(DecodedWindow window, long from, long to) {
        return colonPathSegment(window, from, to) || quotedWithSeparator(window, from, to)
                || documentationField(window, from) || urlTemplate(window, from);
    }

    /**
     * Where the word before the key starting at {@code from} starts, when one blank parts them
     * ({@code API key}): a run of at most {@value #PHRASE_WORD_MAX} key characters the window
     * still holds, after a byte that is none; else -1.
     */
    static long phraseStart(DecodedWindow window, long from) {
        long blank = from - 1;
        if (blank - 1 < window.start() || window.at(blank) != ' ' || !isKeyChar(window.at(blank - 1), false)) {
            return -1;
        }
        long q = blank - 1;
        long lo = Math.max(window.start(), blank - PHRASE_WORD_MAX);
        while (q > lo && isKeyChar(window.at(q - 1), false)) {
            q--;
        }
        return q > window.start() && isKeyChar(window.at(q - 1), false) ? -1 : q;
    }

    /**
     * Whether {@code word} is a verb that puts a key's value after it ({@code password is: …},
     * {@code credentials are: …}): the key is then the word before it.
     */
    static boolean isVerb(String word) {
        for (String v : VERBS) {
            if (v.equalsIgnoreCase(word)) {
                return true;
            }
        }
        return false;
    }

    /** Where the run of spaces and tabs that ends at {@code q} starts, not going below {@code lo}. */
    private static long blanksBefore(DecodedWindow window, long q, long lo) {
        while (q > lo && (window.at(q - 1) == ' ' || window.at(q - 1) == '\t')) {
            q--;
        }
        return q;
    }

    private static boolean isAnchorBlank(int b) {
        return b == ' ' || b == '\t' || b == '"' || b == '\'';
    }

    /** The key characters of the anchor patterns (MatchEngine); XML names may hold a namespace colon. */
    private static boolean isKeyChar(int b, boolean xml) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '.'
                || b == '-' || (xml ? b == ':' : b == '[' || b == ']');
    }

    /**
     * Whether the anchor {@code [from, to)} is a segment of a path or a colon-separated name, not
     * a key: a file path's {@code /etc/passwd}, {@code :secret:} in
     * {@code arn:aws:secretsmanager:us-east-1:1234:secret:prod/db}, a URN, a cache key
     * {@code session:token:9f2}. A '/' directly before the key marks the first; a ':' directly
     * before the key and the anchor ending at the ':' right after it (nothing between that ':'
     * and the value) the others.
     */
    static boolean colonPathSegment(DecodedWindow window, long from, long to) {
        if (from > window.start() && window.at(from - 1) == '/') {
            return true; // the last segment of a file path: "/etc/passwd" names a file
        }
        if (from <= window.start() || window.at(from - 1) != ':' || window.at(to - 1) != ':') {
            return false;
        }
        long k = from;
        while (k < to && isKeyChar(window.at(k), false)) {
            k++;
        }
        return k == to - 1;
    }

    /**
     * Whether the {@code <Key>} anchor starting at {@code from} is a placeholder inside a URL, not
     * an element: right after a ':' or a '/' ({@code mongodb+srv://<user>:<password>@host},
     * {@code https://hooks.example/<token>/send}), where no markup opens a tag.
     */
    static boolean urlTemplate(DecodedWindow window, long from) {
        if (window.at(from) != '<' || from <= window.start()) {
            return false;
        }
        int before = window.at(from - 1);
        return before == ':' || before == '/';
    }

    /**
     * Whether the anchor {@code [from, to)} is a key quoted together with its separator, a name
     * mentioned rather than given a value: {@code the "passwd:" and "group:" lines},
     * {@code set 'password=' in the URL}. The quote that ends the anchor closes the one right
     * before the key; in {@code "password": "s3cret"} a quote after the key closes it first.
     */
    static boolean quotedWithSeparator(DecodedWindow window, long from, long to) {
        if (from <= window.start() || to - 1 <= from) {
            return false;
        }
        int quote = window.at(to - 1);
        if (quote != '"' && quote != '\'' || window.at(from - 1) != quote) {
            return false;
        }
        for (long k = from; k < to - 1; k++) {
            if (window.at(k) == quote) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the key starting at {@code from} is the argument of a documentation field:
     * reStructuredText's {@code :param secret: The consumer secret} or {@code :type passphrase:},
     * a line opening with {@code :word } before the key. The text after it describes the
     * parameter; it is not its value.
     */
    static boolean documentationField(DecodedWindow window, long from) {
        long lo = Math.max(window.start(), from - DOC_FIELD_MAX);
        long q = from - 1;
        if (q < lo || window.at(q) != ' ') {
            return false;
        }
        q--;
        long wordEnd = q + 1;
        while (q >= lo && window.at(q) >= 'a' && window.at(q) <= 'z') {
            q--;
        }
        if (q < lo || wordEnd - q < 2 || window.at(q) != ':') {
            return false;
        }
        q--;
        while (q >= lo && (window.at(q) == ' ' || window.at(q) == '\t')) {
            q--;
        }
        if (q < 0) {
            return true; // the text starts with the field
        }
        // A line break, or the NUL the matchers' stream puts between two values: the value's start.
        return q >= lo && (window.at(q) == '\n' || window.at(q) == '\r' || window.at(q) == 0);
    }

    /** Longest documentation field name looked at before a key ({@code :keyword }). */
    private static final int DOC_FIELD_MAX = 48;

    /** Longest name read out of a naming attribute, as the anchor expression (MatchEngine) allows. */
    private static final int NAMING_VALUE_MAX = 80;

    /**
     * The name in the attribute before a holder attribute that starts at {@code holder}
     * ({@code name="db.password"} of {@code <property name="db.password" value="...">}): walks
     * back over the blanks, the quoted name and {@code =} to one of {@code name key property};
     * null when the window does not hold that shape.
     */
    static String namingAttribute(DecodedWindow window, long holder) {
        long lo = Math.max(window.start(), holder - ANCHOR_MAX);
        long q = holder;
        q = blanksBefore(window, q, lo);
        if (q <= lo || (window.at(q - 1) != '"' && window.at(q - 1) != '\'')) {
            return null;
        }
        int quote = window.at(q - 1);
        long close = q - 1;
        long open = close;
        while (open > lo && window.at(open - 1) != quote && close - open < NAMING_VALUE_MAX) {
            open--;
        }
        if (open <= lo || window.at(open - 1) != quote || open == close) {
            return null;
        }
        long p = open - 1;
        p = blanksBefore(window, p, lo);
        if (p <= lo || window.at(p - 1) != '=') {
            return null;
        }
        p--;
        p = blanksBefore(window, p, lo);
        long wordEnd = p;
        while (p > lo && Character.isLetter(window.at(p - 1))) {
            p--;
        }
        if (!isNamingWord(window, p, wordEnd)) {
            return null;
        }
        StringBuilder sb = new StringBuilder((int) (close - open));
        for (long i = open; i < close; i++) {
            sb.append((char) window.at(i));
        }
        return sb.toString();
    }

    private static final String[] NAMING_WORDS = {"name", "key", "property"};

    /** Whether {@code [from, to)} is one of {@link #NAMING_WORDS}, ignoring ASCII case. */
    private static boolean isNamingWord(DecodedWindow window, long from, long to) {
        words:
        for (String w : NAMING_WORDS) {
            if (to - from != w.length()) {
                continue;
            }
            for (int i = 0; i < w.length(); i++) {
                if ((window.at(from + i) | 0x20) != w.charAt(i)) {
                    continue words;
                }
            }
            return true;
        }
        return false;
    }

    /** The key name inside an anchor match: {@code <Key>}, {@code key = }, {@code "key": "}, {@code Bearer }. */
    static String extractKey(DecodedWindow window, long from, long to) {
        long p = from;
        if (window.at(p) == '<') {
            p++;
        }
        StringBuilder sb = new StringBuilder((int) (to - p));
        boolean open = false;
        for (; p < to; p++) {
            int b = window.at(p);
            if (endsKey(b, !sb.isEmpty(), open)) {
                break;
            }
            open |= b == '[';
            sb.append((char) b);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /**
     * {@code key} when {@link #extractKey} would return a key equal to it, else null; read without
     * building a copy: a text of {@code name: value} lines names the same keys over and over.
     */
    static String sameKey(DecodedWindow window, long from, long to, String key) {
        long p = from;
        if (window.at(p) == '<') {
            p++;
        }
        int k = 0;
        boolean open = false;
        for (; p < to; p++) {
            int b = window.at(p);
            if (endsKey(b, k > 0, open)) {
                break;
            }
            if (k == key.length() || key.charAt(k) != b) {
                return null;
            }
            open |= b == '[';
            k++;
        }
        return k == key.length() && k > 0 ? key : null;
    }

    /**
     * Whether {@code b} ends a key: a quote, blank, separator or tag end, or a {@code ]} after
     * some of the key and no {@code [} in it ({@code data[user][password]} keeps its brackets).
     */
    private static boolean endsKey(int b, boolean readSome, boolean openBracket) {
        return b == '"' || b == '\'' || b == ']' && readSome && !openBracket || b == ' ' || b == '\t'
                || b == ':' || b == '=' || b == '>';
    }

    /**
     * Where the value proper starts when {@code pos} holds a YAML tag and its blanks
     * ({@code key: !!binary MjNj...}); {@code pos} itself when it holds none; -1 when the
     * bytes seen so far cannot tell yet.
     */
    static long yamlTagEnd(DecodedWindow window, long scanned, long pos) {
        if (pos + 1 >= scanned) {
            return pos < scanned && window.at(pos) != '!' ? pos : -1;
        }
        if (window.at(pos) != '!' || window.at(pos + 1) != '!') {
            return pos;
        }
        long q = pos + 2;
        long limit = Math.min(scanned, pos + 32);
        while (q < limit && window.at(q) >= 'a' && window.at(q) <= 'z') {
            q++;
        }
        if (q == limit) {
            return limit == scanned ? -1 : pos;
        }
        if (window.at(q) != ' ') {
            return pos;
        }
        while (q < scanned && window.at(q) == ' ') {
            q++;
        }
        return q < scanned ? q : -1;
    }

    /** {@link #valueEnd}: the bytes scanned so far cannot tell where the value ends. */
    static final long WAIT = -1;
    /** {@link #valueEnd}: there is no value to validate (empty, or longer than a capture may be). */
    static final long NONE = -2;

    /**
     * Where the value of a capture that starts at {@code pos} ends (exclusive), or {@link #WAIT}
     * or {@link #NONE}. A value the anchor opened with a quote runs to the same quote, so it may
     * hold the bytes that end a bare value ({@code 'PASSWORD': '&Kx,9;q'}); one that opens
     * with {@code [} keeps its closing bracket ({@code password=[FILTERED]}), so the
     * placeholder rules see the whole word.
     */
    static long valueEnd(DecodedWindow window, BareValueEnds ends, long scanned, long pos, boolean atEnd,
                         int maxLength) {
        long limit = Math.min(scanned, pos + maxLength);
        int quote = openingQuote(window, pos);
        long q = pos;
        if (quote != 0) {
            while (q < limit && !endsQuotedValue(window.at(q), quote)) {
                q++;
            }
            if (q < limit && window.at(q) == quote) {
                return q == pos ? NONE : q;
            }
            if (q == limit && !atEnd && limit < pos + maxLength) {
                return WAIT;
            }
            q = pos; // never closed on its line: read it as a bare value
        }
        while (true) {
            q = ends.next(window, q, limit);
            if (q >= limit || window.at(q) != '&') {
                break;
            }
            // '&' separates query parameters only where one follows ("&next=/"); anywhere else
            // it belongs to the value ("password=&CCK*fk#9", "DB_PASSWORD=Velvet9055&").
            int parameter = parameterFollows(window, scanned, q + 1, atEnd);
            if (parameter < 0) {
                return WAIT;
            }
            if (parameter > 0) {
                break;
            }
            q++;
        }
        if (q < limit && window.at(q) == ']' && window.at(pos) == '[') {
            q++;
        }
        if (q == limit && !atEnd && limit < pos + maxLength) {
            return WAIT;
        }
        return q == pos || q - pos >= maxLength ? NONE : q;
    }

    /** Longest parameter name looked at after an '&'. */
    private static final int PARAMETER_NAME_MAX = 64;

    /** 1 when {@code name=} starts at {@code p}, 0 when not, -1 when the bytes so far cannot tell. */
    private static int parameterFollows(DecodedWindow window, long scanned, long p, boolean atEnd) {
        long limit = p + PARAMETER_NAME_MAX;
        long q = p;
        while (q < scanned && q < limit && isParameterChar(window.at(q))) {
            q++;
        }
        if (q == scanned && q < limit) {
            return atEnd ? 0 : -1;
        }
        return q > p && q < limit && window.at(q) == '=' ? 1 : 0;
    }

    private static boolean isParameterChar(int b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '.'
                || b == '-' || b == '[' || b == ']' || b == '%';
    }

    /**
     * The quote the anchor ended with when it opened the value ({@code key: "}, {@code key='}),
     * else 0. The anchor's last byte is that quote only when a separator comes before it.
     */
    static int openingQuote(DecodedWindow window, long pos) {
        long q = pos - 1;
        if (!window.holds(q - 1, pos)) {
            return 0;
        }
        int quote = window.at(q);
        if (quote != '"' && quote != '\'') {
            return 0;
        }
        long lo = Math.max(window.start(), q - 4);
        long p = blanksBefore(window, q, lo);
        int separator = p > window.start() ? window.at(p - 1) : 0;
        return separator == ':' || separator == '=' || separator == '>' ? quote : 0;
    }

    /** Blanks stay inside a quoted value ({@code "passphrase": "correct horse battery staple"}); a line break or an escape does not. */
    private static boolean endsQuotedValue(int b, int quote) {
        return b == quote || b < ' ' || b == '\\';
    }

    /** A byte that ends a value captured after a key in free text. */
    static boolean isValueDelimiter(int b) {
        return b <= ' ' || b == '"' || b == '\'' || b == '&' || b == ',' || b == ';' || b == '<' || b == '>'
                || b == ')' || b == '}' || b == ']' || b == '\\' || b == '`';
    }
}
