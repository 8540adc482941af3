package dev.sluice.matchers.attack;

import dev.sluice.matchers.validate.ByteValidator;
import dev.sluice.matchers.validate.CandidateView;

/**
 * Validator {@code proto_pollution}: confirms JavaScript prototype pollution (CWE-1321). A
 * service that merges request input into an object (a deep merge, a query-string parser, a
 * {@code set(obj, path, value)}) writes through {@code __proto__} or
 * {@code constructor.prototype} into the prototype every object shares, and a property set
 * there ({@code isAdmin}, a template's options) holds for all of them. Confirmed when:
 *
 * <ul>
 *   <li>{@code __proto__} stands as a name of its own: a JSON member name, a form or query name
 *       ({@code __proto__[isAdmin]=1}, {@code a[__proto__][b]}), a property path
 *       ({@code "path": "__proto__.isAdmin"});</li>
 *   <li>{@code constructor} is followed by {@code .prototype} or {@code [prototype]} (quotes
 *       allowed), also as a bracketed name ({@code a[constructor][prototype]=x});</li>
 *   <li>a JSON member name {@code prototype} sits in a member named {@code constructor}
 *       ({@code {"constructor": {"prototype": {…}}}}, read from the value's place).</li>
 * </ul>
 *
 * Names are compared case-sensitively, as JavaScript does: {@code __PROTO__} names nothing.
 * A word that merely contains them ({@code my__proto__x}, {@code prototype} in prose) passes.
 */
public final class PrototypePollutionValidator implements ByteValidator {
    static final PrototypePollutionValidator INSTANCE = new PrototypePollutionValidator();

    private static final byte[] PROTO = Ascii.exact("__proto__");
    private static final byte[] CONSTRUCTOR = Ascii.exact("constructor");
    private static final byte[] PROTOTYPE = Ascii.exact("prototype");

    private PrototypePollutionValidator() {
    }

    @Override
    public boolean test(CandidateView candidate) {
        return AttackNormalizer.rawOrNormalized(candidate, PrototypePollutionValidator::detect)
                || "constructor".equals(candidate.parentKey()) && isWhole(candidate, PROTOTYPE);
    }

    static boolean detect(byte[] b, int off, int end, AttackScratch s) {
        for (int i = off; i < end; i++) {
            if (b[i] == '_' && word(b, off, end, i, PROTO)) {
                return true;
            }
            if (b[i] == 'c' && word(b, off, end, i, CONSTRUCTOR) && prototypeAfter(b, i + CONSTRUCTOR.length, end)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code lit} stands at {@code i} as a word of its own. */
    private static boolean word(byte[] b, int off, int end, int i, byte[] lit) {
        return Ascii.startsWithExact(b, i, end, lit) && (i == off || !Ascii.isWord(b[i - 1] & 0xFF))
                && !Ascii.isWord(Ascii.at(b, i + lit.length, end));
    }

    /**
     * {@code .prototype}, {@code [prototype]}, {@code ["prototype"]} from {@code i}, also after the
     * quote and bracket that close {@code constructor} itself ({@code a[constructor][prototype]},
     * the query-string parsers' nesting).
     */
    private static boolean prototypeAfter(byte[] b, int i, int end) {
        int p = Ascii.skipSpace(b, i, end);
        if (p < end && (b[p] == '"' || b[p] == '\'')) {
            p++;
        }
        if (p < end && b[p] == ']') {
            p = Ascii.skipSpace(b, p + 1, end);
        }
        if (p >= end || b[p] != '.' && b[p] != '[') {
            return false;
        }
        p = Ascii.skipSpace(b, p + 1, end);
        if (p < end && (b[p] == '"' || b[p] == '\'')) {
            p++;
        }
        return Ascii.startsWithExact(b, p, end, PROTOTYPE) && !Ascii.isWord(Ascii.at(b, p + PROTOTYPE.length, end));
    }

    private static boolean isWhole(CandidateView c, byte[] lit) {
        return c.len() == lit.length && Ascii.startsWithExact(c.buf(), c.off(), c.off() + c.len(), lit)
                && c.before(1) < 0 && c.after(1) < 0;
    }
}
