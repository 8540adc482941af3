package dev.sluice.matchers.attack;

/**
 * The HTML half of {@link XssValidator}: reads a start or end tag the way an HTML5 tokenizer
 * does (WHATWG HTML, "Tokenization": tag name up to white space, {@code /} or {@code >};
 * attributes separated by white space or {@code /}; values quoted or bare) and reports tags
 * and attributes that run script:
 *
 * <ul>
 *   <li>{@code <script}, {@code </script}, and the embedding tags iframe, frame, frameset,
 *       object, embed, applet, portal;</li>
 *   <li>event-handler attributes {@code on<letters>=} on any tag, custom tags included
 *       (CWE-79; OWASP XSS Filter Evasion Cheat Sheet);</li>
 *   <li>attribute values that are script URLs ({@code javascript:}, {@code vbscript:},
 *       {@code data:text/html}, also with white space or control characters inside the
 *       scheme), {@code srcdoc}, CSS {@code expression(}/{@code behavior}/{@code -moz-binding}
 *       in {@code style}, {@code <meta http-equiv>};</li>
 *   <li>{@code <base href>}, which moves every relative URL of the page, its scripts' among them,
 *       to the attacker's host (dangling markup and script hijacking; CRS 941280);</li>
 *   <li>attribute breakouts: a quote that ends the host page's attribute value followed by an
 *       event handler with a script-like value ({@code "onfocus=alert(1)}).</li>
 * </ul>
 *
 * <p>Limits: at most {@link #MAX_ATTRIBUTES} attributes and {@link #MAX_TAG_SCAN} bytes per tag,
 * {@link #MAX_STYLE_SCAN} bytes of a style element, {@link #MAX_BREAKOUT_SCAN} bytes after a
 * quote; so a value full of {@code <} or quotes costs linear time.
 */
final class HtmlTagScanner {
    static final int MAX_ATTRIBUTES = 64;
    static final int MAX_STYLE_SCAN = 1024;
    /** Most bytes read for one tag, so that many {@code <} in a value stay linear. */
    static final int MAX_TAG_SCAN = 2048;
    /** Most bytes read after a quote when looking for a breakout. */
    static final int MAX_BREAKOUT_SCAN = 512;

    private static final int SCRIPT = 1;
    private static final int EMBEDDING = 2;
    private static final int STYLE = 3;
    private static final int META = 4;
    private static final int BASE = 5;

    private static final WordTable TAGS = WordTable.of(
        new String[] {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "portal", "style",
            "meta", "base"},
        new int[] {SCRIPT, EMBEDDING, EMBEDDING, EMBEDDING, EMBEDDING, EMBEDDING, EMBEDDING, EMBEDDING, STYLE,
            META, BASE});

    private static final int SRCDOC = 1;
    private static final int STYLE_ATTR = 2;
    private static final int HTTP_EQUIV = 3;
    private static final int HREF = 4;
    private static final WordTable ATTRIBUTES = WordTable.of(
        new String[] {"srcdoc", "style", "http-equiv", "href"}, new int[] {SRCDOC, STYLE_ATTR, HTTP_EQUIV, HREF});

    /** English words that start with "on" and are not event handlers. */
    private static final WordTable NOT_HANDLERS = WordTable.of(1, "one", "ones", "only", "onto", "onset",
        "onion", "onions", "online", "onward", "onwards", "onus", "ongoing", "onboard", "oneself", "onsite",
        "onstage", "onscreen", "onshore", "onside", "onlooker", "onsale");

    private static final byte[][] SCRIPT_SCHEMES = {Ascii.bytes("javascript"), Ascii.bytes("vbscript"),
        Ascii.bytes("livescript")};
    private static final byte[] DATA = Ascii.bytes("data");
    private static final byte[][] DATA_TYPES = {Ascii.bytes("text/html"), Ascii.bytes("image/svg"),
        Ascii.bytes("application/xhtml"), Ascii.bytes("text/xml"), Ascii.bytes("application/x-javascript"),
        Ascii.bytes("text/javascript")};
    private static final LiteralSet CSS_SCRIPT = new LiteralSet(Ascii.bytes("expression("), Ascii.bytes("javascript:"),
        Ascii.bytes("behavior:"), Ascii.bytes("-moz-binding"), Ascii.bytes("@import"));

    private HtmlTagScanner() {
    }

    /**
     * Whether the {@code <} at {@code lt} opens a tag that runs script. {@code chain} holds the
     * attribute reads of the value's earlier tags (null: read every attribute); tags of one value
     * must be asked in the order of their {@code <}, and each with the same {@code valueEnd}.
     */
    static boolean tag(byte[] b, int lt, int valueEnd, AttributeChain chain) {
        int end = Math.min(valueEnd, lt + MAX_TAG_SCAN);
        int i = lt + 1;
        boolean closing = Ascii.at(b, i, end) == '/';
        if (closing) {
            i++;
        }
        if (!Ascii.isAlpha(Ascii.at(b, i, end))) {
            return false;
        }
        int nameStart = i;
        while (i < end && !Ascii.isSpace(b[i] & 0xFF) && b[i] != '/' && b[i] != '>') {
            i++;
        }
        int tag = TAGS.lookup(b, nameStart, i - nameStart);
        if (closing) {
            return tag == SCRIPT;
        }
        return switch (tag) {
            case SCRIPT, EMBEDDING -> true;
            case STYLE -> cssRunsScript(b, i, Math.min(end, i + MAX_STYLE_SCAN));
            case META -> attributes(b, i, end, true, HTTP_EQUIV, null);
            case BASE -> attributes(b, i, end, true, HREF, null);
            default -> attributesInChain(b, lt, i, end, chain);
        };
    }

    /** Whether the quote at {@code q} ends an attribute value and is followed by a handler. */
    static boolean breakout(byte[] b, int q, int end) {
        return attributes(b, q + 1, Math.min(end, q + MAX_BREAKOUT_SCAN), false, 0, null);
    }

    private static boolean attributesInChain(byte[] b, int lt, int i, int end, AttributeChain chain) {
        if (chain == null) {
            return attributes(b, i, end, true, 0, null);
        }
        chain.beginTag(lt);
        try {
            return attributes(b, i, end, true, 0, chain);
        } finally {
            chain.endTag();
        }
    }

    /**
     * Reads attributes from {@code i} to the end of the tag. Inside a real tag any event
     * handler counts; after a breakout the handler's value must also look like script.
     * {@code tagsOwn}, when not 0, is the attribute that makes this tag do harm by itself
     * ({@code http-equiv} on meta, {@code href} on base). With a {@code chain}, reads an earlier
     * tag already made are skipped (see {@link AttributeChain}).
     */
    private static boolean attributes(byte[] b, int i, int end, boolean inTag, int tagsOwn, AttributeChain chain) {
        for (int count = 0; count < MAX_ATTRIBUTES && i < end; count++) {
            int k = chain == null ? -1 : chain.join(i);
            if (k >= 0) {
                count += chain.readsFrom(k);
                if (count >= MAX_ATTRIBUTES) {
                    return false;
                }
                i = chain.lastTop();
            }
            int top = i;
            while (i < end && (Ascii.isSpace(b[i] & 0xFF) || b[i] == '/')) {
                i++;
            }
            if (i >= end || b[i] == '>') {
                return false;
            }
            int nameStart = i;
            if (b[i] == '=') {
                i++;
            }
            while (i < end && !Ascii.isSpace(b[i] & 0xFF) && b[i] != '/' && b[i] != '>' && b[i] != '=') {
                i++;
            }
            int nameEnd = i;
            int j = Ascii.skipSpace(b, i, end);
            if (Ascii.at(b, j, end) != '=') {
                i = j;
                readInChain(chain, top, i, end);
                continue;
            }
            j = Ascii.skipSpace(b, j + 1, end);
            int valueStart;
            int valueEnd;
            int q = Ascii.at(b, j, end);
            if (q == '"' || q == '\'' || q == '`') {
                valueStart = j + 1;
                int close = valueStart;
                while (close < end && (b[close] & 0xFF) != q) {
                    close++;
                }
                valueEnd = close;
                i = Math.min(end, close + 1);
            } else {
                valueStart = j;
                while (j < end && !Ascii.isSpace(b[j] & 0xFF) && b[j] != '>') {
                    j++;
                }
                valueEnd = j;
                i = j;
            }
            if (isEventHandler(b, nameStart, nameEnd)
                    && (inTag || looksLikeScript(b, valueStart, valueEnd))) {
                return true;
            }
            int attr = ATTRIBUTES.lookup(b, nameStart, nameEnd - nameStart);
            if ((inTag && attr == SRCDOC) || (tagsOwn != 0 && attr == tagsOwn)
                    || (attr == STYLE_ATTR && cssRunsScript(b, valueStart, valueEnd))
                    || isScriptUrl(b, valueStart, valueEnd)) {
                return true;
            }
            readInChain(chain, top, i, end);
        }
        return false;
    }

    /** A read that stopped short of {@code end} read the same under any later tag's limit. */
    private static void readInChain(AttributeChain chain, int top, int next, int end) {
        if (chain != null && next < end) {
            chain.read(top, next);
        }
    }

    /** {@code on} followed by at least three letters and nothing else, and not an English word. */
    static boolean isEventHandler(byte[] b, int start, int end) {
        int len = end - start;
        if (len < 5 || Ascii.lower(b[start]) != 'o' || Ascii.lower(b[start + 1]) != 'n') {
            return false;
        }
        for (int i = start + 2; i < end; i++) {
            if (!Ascii.isAlpha(b[i] & 0xFF)) {
                return false;
            }
        }
        return NOT_HANDLERS.lookup(b, start, len) == 0;
    }

    private static boolean looksLikeScript(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) {
            int c = b[i] & 0xFF;
            if (c == '(' || c == '`' || c == '=' || c == '{' || c == '[') {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a URL starts with a script scheme. Browsers drop leading control characters and
     * white space and ignore tabs and newlines inside the scheme; spaces are also skipped here.
     */
    static boolean isScriptUrl(byte[] b, int start, int end) {
        int i = start;
        while (i < end && ((b[i] & 0xFF) <= 0x20 || (b[i] & 0xFF) >= 0x80)) {
            i++;
        }
        if (i >= end) {
            return false;
        }
        for (byte[] scheme : SCRIPT_SCHEMES) {
            int after = looseMatch(b, i, end, scheme);
            if (after >= 0 && Ascii.at(b, Ascii.skipSpace(b, after, end), end) == ':') {
                return true;
            }
        }
        int after = looseMatch(b, i, end, DATA);
        if (after >= 0) {
            int k = Ascii.skipSpace(b, after, end);
            if (Ascii.at(b, k, end) == ':') {
                k = Ascii.skipSpace(b, k + 1, end);
                for (byte[] type : DATA_TYPES) {
                    if (Ascii.startsWith(b, k, end, type)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Matches {@code lit} at {@code i} ignoring case and any bytes {@code <= 0x20} between its
     * letters; returns the index after the match or -1.
     */
    static int looseMatch(byte[] b, int i, int end, byte[] lit) {
        int k = 0;
        while (k < lit.length) {
            if (i >= end) {
                return -1;
            }
            int c = b[i] & 0xFF;
            if (k > 0 && c <= 0x20) {
                i++;
                continue;
            }
            if (Ascii.lower(c) != lit[k]) {
                return -1;
            }
            i++;
            k++;
        }
        return i;
    }

    private static boolean cssRunsScript(byte[] b, int start, int end) {
        return CSS_SCRIPT.occursIn(b, start, end);
    }
}
