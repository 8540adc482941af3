package dev.sluice.matchers;

/**
 * Reads a key-anchor match ({@code key=}, {@code "key": "}, {@code key => }, {@code <Key>},
 * {@code Bearer }) back out of a session's decoded window: where the key starts, what it is,
 * and where the value after it starts and ends. Pure functions of the window.
 */
final class KeyAnchors {
    /** Longest anchor match walked back over: 40 + vocabulary word + 40 key characters and the tail. */
    static final int ANCHOR_MAX = 160;

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
        if (q > lo && (window.at(q - 1) == '=' || window.at(q - 1) == ':')) {
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
            while (q > lo && (window.at(q - 1) == ' ' || window.at(q - 1) == '\t')) {
                q--;
            }
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

    private static boolean isAnchorBlank(int b) {
        return b == ' ' || b == '\t' || b == '"' || b == '\'';
    }

    /** The key characters of the anchor patterns (MatchEngine); XML names may hold a namespace colon. */
    private static boolean isKeyChar(int b, boolean xml) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '.'
                || b == '-' || (xml ? b == ':' : b == '[' || b == ']');
    }

    /** The key name inside an anchor match: {@code <Key>}, {@code key = }, {@code "key": "}, {@code Bearer }. */
    static String extractKey(DecodedWindow window, long from, long to) {
        long p = from;
        if (window.at(p) == '<') {
            p++;
        }
        StringBuilder sb = new StringBuilder((int) (to - p));
        for (; p < to; p++) {
            int b = window.at(p);
            if (b == '"' || b == '\'' || b == ']' && sb.length() > 0 && !hasOpenBracket(sb) || b == ' ' || b == '\t'
                    || b == ':' || b == '=' || b == '>') {
                break;
            }
            sb.append((char) b);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    private static boolean hasOpenBracket(StringBuilder sb) {
        return sb.indexOf("[") >= 0;
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

    /** A byte that ends a value captured after a key in free text. */
    static boolean isValueDelimiter(int b) {
        return b <= ' ' || b == '"' || b == '\'' || b == '&' || b == ',' || b == ';' || b == '<' || b == '>'
                || b == ')' || b == '}' || b == ']' || b == '\\' || b == '`';
    }
}
