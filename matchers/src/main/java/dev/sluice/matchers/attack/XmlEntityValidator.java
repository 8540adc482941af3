package dev.sluice.matchers.attack;

import dev.sluice.matchers.validate.ByteValidator;
import dev.sluice.matchers.validate.CandidateView;

/**
 * Validator {@code xxe}: confirms XML external entity and entity expansion attacks (CWE-611,
 * CWE-776) in a request value. An API that parses XML with DTD processing on resolves what the
 * document's DTD declares, so the declarations themselves are the attack:
 * <ul>
 *   <li>an external entity, {@code <!ENTITY x SYSTEM "file:///etc/passwd">} or {@code PUBLIC}:
 *       the parser reads a file or fetches a URL into the document;</li>
 *   <li>a parameter entity, {@code <!ENTITY % x ...>}: the building block of out-of-band
 *       exfiltration through an attacker's DTD;</li>
 *   <li>an entity whose value refers to other entities, {@code <!ENTITY b "&a;&a;&a;">}:
 *       exponential expansion (the "billion laughs");</li>
 *   <li>an external DTD, {@code <!DOCTYPE x SYSTEM "http://…">} or a {@code PUBLIC} one that
 *       is not one of the W3C's own ({@code -//W3C//DTD XHTML 1.0 …}, which XHTML e-mail
 *       templates carry and catalogs resolve locally);</li>
 *   <li>XInclude's namespace ({@code xmlns:xi="http://www.w3.org/2001/XInclude"}): its
 *       {@code <xi:include href>} pulls a file or a URL into the document;</li>
 *   <li>an XML declaration naming UTF-7 ({@code <?xml … encoding="UTF-7"?>}), an encoding that
 *       exists in XML only to hide markup from filters ({@code +ADwAIQ-DOCTYPE}).</li>
 * </ul>
 * An internal entity with plain text or character references ({@code <!ENTITY copy "&#169;">})
 * and a DOCTYPE naming only its root are not attacks.
 *
 * <p>A declaration counts where its keyword opens the value or follows {@code <!}: the XML
 * parser hands each markup declaration over without its {@code <!}, a text body keeps it. Keywords
 * are matched case-sensitively, as XML parsers do. The value is read once, left to right.
 */
public final class XmlEntityValidator implements ByteValidator {
    static final XmlEntityValidator INSTANCE = new XmlEntityValidator();

    private static final byte[] ENTITY = Ascii.exact("ENTITY");
    private static final byte[] DOCTYPE = Ascii.exact("DOCTYPE");
    private static final byte[] SYSTEM = Ascii.exact("SYSTEM");
    private static final byte[] PUBLIC = Ascii.exact("PUBLIC");
    private static final byte[] W3C_PUBLIC_ID = Ascii.exact("-//W3C//");
    private static final byte[] ABOUT = Ascii.bytes("about:");
    private static final byte[] XML_DECLARATION = Ascii.exact("<?xml");
    private static final byte[] ENCODING = Ascii.bytes("encoding");
    private static final byte[] UTF7 = Ascii.bytes("utf-7");
    private static final byte[] XINCLUDE_NAMESPACE = Ascii.exact("www.w3.org/2001/XInclude");
    private static final byte[][] WEB_SCHEMES = Ascii.exact("http://", "https://");
    private static final byte[] XMLNS = Ascii.exact("xmlns");
    /** Longest {@code xmlns:prefix} read back from a namespace's value. */
    private static final int MAX_XMLNS_NAME = 64;

    private XmlEntityValidator() {
    }

    @Override
    public boolean test(CandidateView candidate) {
        byte[] b = candidate.buf();
        int off = candidate.off();
        int end = off + candidate.len();
        int start = Ascii.skipSpace(b, off, end);
        if (declaresUtf7(b, start, end) || declaresXInclude(b, start, end)) {
            return true;
        }
        for (int i = start; i < end; i++) {
            if (b[i] != 'E' && b[i] != 'D' || i != start && !(i - 2 >= off && b[i - 2] == '<' && b[i - 1] == '!')) {
                continue;
            }
            if (Ascii.startsWithExact(b, i, end, ENTITY) && dangerousEntity(b, i + ENTITY.length, end)
                    || Ascii.startsWithExact(b, i, end, DOCTYPE) && externalDtd(b, i + DOCTYPE.length, end)) {
                return true;
            }
        }
        return false;
    }

    /** After {@code ENTITY}: a parameter entity, an external one, or one whose value refers to entities. */
    private static boolean dangerousEntity(byte[] b, int i, int end) {
        int name = Ascii.skipSpace(b, i, end);
        if (name == i || name >= end) {
            return false; // ENTITYX, or nothing after it
        }
        if (b[name] == '%') {
            return name + 1 < end && Ascii.isSpace(b[name + 1] & 0xFF);
        }
        int after = skipName(b, name, end);
        int next = Ascii.skipSpace(b, after, end);
        if (next == after || next >= end) {
            return false;
        }
        if (Ascii.startsWithExact(b, next, end, SYSTEM) || Ascii.startsWithExact(b, next, end, PUBLIC)) {
            return true;
        }
        byte quote = b[next];
        if (quote != '"' && quote != '\'') {
            return false;
        }
        for (int k = next + 1; k < end && b[k] != quote; k++) {
            if (b[k] == '%' || b[k] == '&' && k + 1 < end && b[k + 1] != '#') {
                return true; // a reference to another entity: expansion
            }
        }
        return false;
    }

    /** After {@code DOCTYPE}: its root name, then an external identifier that is not the W3C's. */
    private static boolean externalDtd(byte[] b, int i, int end) {
        int name = Ascii.skipSpace(b, i, end);
        if (name == i || name >= end) {
            return false;
        }
        int next = Ascii.skipSpace(b, skipName(b, name, end), end);
        if (Ascii.startsWithExact(b, next, end, SYSTEM)) {
            int literal = Ascii.skipSpace(b, next + SYSTEM.length, end);
            return literal < end && (b[literal] == '"' || b[literal] == '\'')
                    && !Ascii.startsWith(b, literal + 1, end, ABOUT); // HTML5's about:legacy-compat
        }
        if (Ascii.startsWithExact(b, next, end, PUBLIC)) {
            int literal = Ascii.skipSpace(b, next + PUBLIC.length, end);
            return literal < end && (b[literal] == '"' || b[literal] == '\'')
                    && !Ascii.startsWithExact(b, literal + 1, end, W3C_PUBLIC_ID);
        }
        return false;
    }

    /** An XML declaration at the value's start whose {@code encoding} is UTF-7. */
    private static boolean declaresUtf7(byte[] b, int i, int end) {
        if (!Ascii.startsWithExact(b, i, end, XML_DECLARATION)) {
            return false;
        }
        int close = i;
        while (close < end && b[close] != '>') {
            close++;
        }
        int enc = Ascii.indexOf(b, i, close, ENCODING);
        if (enc < 0) {
            return false;
        }
        int k = Ascii.skipSpace(b, enc + ENCODING.length, close);
        if (k >= close || b[k] != '=') {
            return false;
        }
        k = Ascii.skipSpace(b, k + 1, close);
        return k + 1 < close && (b[k] == '"' || b[k] == '\'') && Ascii.startsWith(b, k + 1, close, UTF7);
    }

    /**
     * Whether the value declares XInclude's namespace: an XML parser with XInclude on replaces
     * {@code <xi:include href="file:///etc/passwd" parse="text"/>} with the file or URL it names
     * (OWASP XXE Prevention Cheat Sheet, "XInclude attacks"). No API takes XInclude from its
     * clients. An XML body reaches the matchers one attribute value at a time, so the namespace as
     * the whole value counts; in markup it counts as an {@code xmlns} attribute's value (code
     * that implements XInclude names it in other ways).
     */
    private static boolean declaresXInclude(byte[] b, int start, int end) {
        for (int i = start; i <= end - XINCLUDE_NAMESPACE.length; i++) {
            if (b[i] == 'w' && Ascii.startsWithExact(b, i, end, XINCLUDE_NAMESPACE)) {
                int uri = schemeStart(b, start, i, end);
                int after = i + XINCLUDE_NAMESPACE.length;
                if (uri == start && Ascii.lastNonSpace(b, after, end) < after || xmlnsValue(b, start, uri)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Where {@code http://} or {@code https://} right before {@code host} starts, or {@code host} when none does. */
    private static int schemeStart(byte[] b, int start, int host, int end) {
        for (byte[] scheme : WEB_SCHEMES) {
            int s = host - scheme.length;
            if (s >= start && Ascii.startsWithExact(b, s, end, scheme)) {
                return s;
            }
        }
        return host;
    }

    /** Whether the quoted value that opens at {@code uri} belongs to an {@code xmlns} or {@code xmlns:x} attribute. */
    private static boolean xmlnsValue(byte[] b, int start, int uri) {
        int k = uri - 1;
        if (k < start || b[k] != '"' && b[k] != '\'') {
            return false;
        }
        k = Ascii.lastNonSpace(b, start, k);
        if (k < start || b[k] != '=') {
            return false;
        }
        k = Ascii.lastNonSpace(b, start, k);
        int nameEnd = k + 1;
        while (k >= start && nameEnd - k <= MAX_XMLNS_NAME
                && (Ascii.isWord(b[k] & 0xFF) || b[k] == ':' || b[k] == '-' || b[k] == '.')) {
            k--;
        }
        return Ascii.startsWithExact(b, k + 1, nameEnd, XMLNS);
    }

    /** The end of a name: up to white space, a quote, {@code [} or {@code >}. */
    private static int skipName(byte[] b, int i, int end) {
        while (i < end && !Ascii.isSpace(b[i] & 0xFF) && b[i] != '"' && b[i] != '\'' && b[i] != '[' && b[i] != '>') {
            i++;
        }
        return i;
    }
}
