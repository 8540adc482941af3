package dev.sluice.matchers.attack;

import dev.sluice.matchers.validate.ByteValidator;
import dev.sluice.matchers.validate.CandidateView;

/**
 * Validator {@code crlf}: confirms HTTP header injection and response splitting (CWE-113,
 * CWE-93). A value an application copies into a response header (a redirect's target, a file
 * name in {@code Content-Disposition}, a language cookie) ends that header where it holds a line
 * break, and what follows becomes a header of the attacker's: a session cookie fixed, a script
 * allowed, a second response. Confirmed when a line break is followed (white space allowed) by a
 * header that does harm there, or by a status line:
 *
 * <ul>
 *   <li>line breaks: CR, LF, and U+560A / U+560D, whose low bytes servers that narrow
 *       characters to bytes write as LF and CR ({@code %E5%98%8A}, Node.js before 8.x);</li>
 *   <li>headers: {@code Set-Cookie}, {@code Refresh}, {@code Content-Length},
 *       {@code Transfer-Encoding}, {@code Content-Security-Policy}, {@code X-XSS-Protection},
 *       {@code Access-Control-Allow-…}, then {@code :};</li>
 *   <li>a status line: {@code HTTP/1.0}, {@code HTTP/1.1} or {@code HTTP/2}, a space and a digit.</li>
 * </ul>
 *
 * Line breaks before other names pass: a text field's paragraphs ({@code "…\r\nLocation: Berlin"},
 * a pasted e-mail's {@code Content-Type:}) are everyday input. Percent, entity and escape encodings
 * are undone first ({@link AttackNormalizer}), so {@code %0d%0a} and {@code %25%30%41} count.
 */
public final class HeaderInjectionValidator implements ByteValidator {
    static final HeaderInjectionValidator INSTANCE = new HeaderInjectionValidator();

    private static final byte[][] HEADERS = {Ascii.bytes("set-cookie"), Ascii.bytes("refresh"),
        Ascii.bytes("content-length"), Ascii.bytes("transfer-encoding"), Ascii.bytes("content-security-policy"),
        Ascii.bytes("x-xss-protection"), Ascii.bytes("access-control-allow-")};
    private static final byte[][] STATUS_LINES = {Ascii.bytes("http/1.0 "), Ascii.bytes("http/1.1 "),
        Ascii.bytes("http/2 ")};

    private HeaderInjectionValidator() {
    }

    @Override
    public boolean test(CandidateView candidate) {
        return AttackNormalizer.rawOrNormalized(candidate, HeaderInjectionValidator::detect);
    }

    static boolean detect(byte[] b, int off, int end, AttackScratch s) {
        for (int i = off; i < end; i++) {
            int after = lineBreakEnd(b, i, end);
            if (after >= 0 && injectsAt(b, skipBlanks(b, after, end), end)) {
                return true;
            }
        }
        return false;
    }

    /** The index after a line break starting at {@code i}, or -1. */
    private static int lineBreakEnd(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        if (c == '\r' || c == '\n') {
            return i + 1;
        }
        if (c == 0xE5 && i + 2 < end && (b[i + 1] & 0xFF) == 0x98) {
            int last = b[i + 2] & 0xFF;
            return last == 0x8A || last == 0x8D ? i + 3 : -1;
        }
        return -1;
    }

    private static int skipBlanks(byte[] b, int i, int end) {
        while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        return i;
    }

    /** Whether a harmful header, or a status line, starts at {@code i}. */
    private static boolean injectsAt(byte[] b, int i, int end) {
        for (byte[] status : STATUS_LINES) {
            if (Ascii.startsWith(b, i, end, status)) {
                int d = i + status.length;
                return d < end && Ascii.isDigit(b[d] & 0xFF);
            }
        }
        for (byte[] name : HEADERS) {
            if (Ascii.startsWith(b, i, end, name)) {
                int j = i + name.length;
                if (name[name.length - 1] == '-') {
                    while (j < end && (Ascii.isAlpha(b[j] & 0xFF) || b[j] == '-')) {
                        j++;
                    }
                }
                j = skipSpaces(b, j, end);
                return j < end && b[j] == ':';
            }
        }
        return false;
    }

    private static int skipSpaces(byte[] b, int i, int end) {
        while (i < end && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i;
    }
}
