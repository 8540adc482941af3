package dev.sluice.matchers.attack;

import dev.sluice.matchers.validate.ByteValidator;
import dev.sluice.matchers.validate.CandidateView;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

    private static final byte[] ENTITY = exactBytes("ENTITY");
    private static final byte[] DOCTYPE = exactBytes("DOCTYPE");
    private static final byte[] SYSTEM = exactBytes("SYSTEM");
    private static final byte[] PUBLIC = exactBytes("PUBLIC");
    private static final byte[] W3C_PUBLIC_ID = exactBytes("-//W3C//");
    private static final byte[] ABOUT = Ascii.bytes("about:");
    private static final byte[] XML_DECLARATION = exactBytes("<?xml");
    private static final byte[] ENCODING = Ascii.bytes("encoding");
    private static final byte[] UTF7 = Ascii.bytes("utf-7");

    private XmlEntityValidator() {
    }

    @Override
    public boolean test(CandidateView candidate) {
        byte[] b = candidate.buf();
        int off = candidate.off();
        int end = off + candidate.len();
        int start = Ascii.skipSpace(b, off, end);
        if (declaresUtf7(b, start, end)) {
            return true;
        }
        for (int i = start; i < end; i++) {
            if (b[i] != 'E' && b[i] != 'D' || i != start && !(i - 2 >= off && b[i - 2] == '<' && b[i - 1] == '!')) {
                continue;
            }
            if (exact(b, i, end, ENTITY) && dangerousEntity(b, i + ENTITY.length, end)
                    || exact(b, i, end, DOCTYPE) && externalDtd(b, i + DOCTYPE.length, end)) {
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
        if (exact(b, next, end, SYSTEM) || exact(b, next, end, PUBLIC)) {
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
        if (exact(b, next, end, SYSTEM)) {
            int literal = Ascii.skipSpace(b, next + SYSTEM.length, end);
            return literal < end && (b[literal] == '"' || b[literal] == '\'')
                    && !Ascii.startsWith(b, literal + 1, end, ABOUT); // HTML5's about:legacy-compat
        }
        if (exact(b, next, end, PUBLIC)) {
            int literal = Ascii.skipSpace(b, next + PUBLIC.length, end);
            return literal < end && (b[literal] == '"' || b[literal] == '\'')
                    && !exact(b, literal + 1, end, W3C_PUBLIC_ID);
        }
        return false;
    }

    /** An XML declaration at the value's start whose {@code encoding} is UTF-7. */
    private static boolean declaresUtf7(byte[] b, int i, int end) {
        if (!exact(b, i, end, XML_DECLARATION)) {
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

    /** The end of a name: up to white space, a quote, {@code [} or {@code >}. */
    private static int skipName(byte[] b, int i, int end) {
        while (i < end && !Ascii.isSpace(b[i] & 0xFF) && b[i] != '"' && b[i] != '\'' && b[i] != '[' && b[i] != '>') {
            i++;
        }
        return i;
    }

    /** The bytes of an ASCII literal as written ({@link Ascii#bytes} lower-cases). */
    private static byte[] exactBytes(String literal) {
        return literal.getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether {@code lit} stands at {@code b[at]}, byte for byte. */
    private static boolean exact(byte[] b, int at, int end, byte[] lit) {
        return at >= 0 && end - at >= lit.length && Arrays.equals(b, at, at + lit.length, lit, 0, lit.length);
    }
}
