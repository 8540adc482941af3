package dev.sluice.matchers.attack;

import dev.sluice.matchers.validate.ByteValidator;
import dev.sluice.matchers.validate.CandidateView;

/**
 * Validator {@code ldapi}: confirms LDAP filter injection (CWE-90). A service that builds a
 * search filter from input ({@code (&(uid=INPUT)(userPassword=…))}) lets the input close the
 * filter's item and open items of its own, so a login matches without its password, or a
 * directory lists every entry. Confirmed when the value holds RFC 4515 filter syntax that no
 * user types:
 *
 * <ul>
 *   <li>a composite filter: {@code (&(}, {@code (|(} or {@code (!(} followed by a filter item
 *       ({@code attr=}, {@code attr~=}, {@code attr>=}, {@code attr<=}, {@code attr:}; the
 *       attribute a name or a numeric OID) or another composite: {@code *(|(objectclass=*))};</li>
 *   <li>an item closed and another opened: {@code )(} followed by a composite operator, or by an
 *       item after a wildcard ({@code *)(uid=*}) or a presence test ({@code )(cn=*});</li>
 *   <li>an extensible match, which only filters contain: {@code :dn:=},
 *       {@code :2.5.13.18:=}, {@code caseExactMatch:=}.</li>
 * </ul>
 *
 * Not flagged: parentheses in prose and code ({@code (see above)}, {@code if (!(a == b))}: an
 * item is an attribute directly followed by one comparison, never {@code ==}).
 */
public final class LdapInjectionValidator implements ByteValidator {
    static final LdapInjectionValidator INSTANCE = new LdapInjectionValidator();

    private static final byte[] DN = Ascii.bytes("dn");
    private static final byte[] MATCH = Ascii.bytes("match");

    private LdapInjectionValidator() {
    }

    @Override
    public boolean test(CandidateView candidate) {
        return AttackNormalizer.rawOrNormalized(candidate, LdapInjectionValidator::detect);
    }

    static boolean detect(byte[] b, int off, int end, AttackScratch s) {
        for (int i = off; i < end; i++) {
            int c = b[i];
            if (c == '(' && composite(b, i, end)) {
                return true;
            }
            if (c == ')' && reopened(b, off, end, i)) {
                return true;
            }
            if (c == ':' && i + 1 < end && b[i + 1] == '=' && extensibleRule(b, off, i)) {
                return true;
            }
        }
        return false;
    }

    /** {@code (&(}, {@code (|(} or {@code (!(} at {@code i}, then an item or another composite. */
    private static boolean composite(byte[] b, int i, int end) {
        int op = Ascii.skipSpace(b, i + 1, end);
        if (op >= end || !isCompositeOperator(b[op])) {
            return false;
        }
        int open = Ascii.skipSpace(b, op + 1, end);
        if (open >= end || b[open] != '(') {
            return false;
        }
        int inner = Ascii.skipSpace(b, open + 1, end);
        return inner < end && (isCompositeOperator(b[inner]) || itemEnd(b, inner, end) >= 0);
    }

    /** {@code )(} at {@code i} followed by a composite operator, a presence test, or an item after a wildcard. */
    private static boolean reopened(byte[] b, int off, int end, int i) {
        int open = Ascii.skipSpace(b, i + 1, end);
        if (open >= end || b[open] != '(') {
            return false;
        }
        int inner = Ascii.skipSpace(b, open + 1, end);
        if (inner >= end) {
            return false;
        }
        if (isCompositeOperator(b[inner])) {
            return true;
        }
        int value = itemEnd(b, inner, end);
        if (value < 0) {
            return false;
        }
        int before = Ascii.lastNonSpace(b, off, i);
        return before >= 0 && b[before] == '*' || value < end && b[value] == '*';
    }

    /**
     * A filter item at {@code i}: an attribute (a name, a numeric OID, options after {@code ;})
     * directly followed by {@code =}, {@code ~=}, {@code >=}, {@code <=} or {@code :}; the index
     * after the comparison, or -1.
     */
    private static int itemEnd(byte[] b, int i, int end) {
        int j = i;
        if (j < end && Ascii.isAlpha(b[j] & 0xFF)) {
            while (j < end && (Ascii.isAlpha(b[j] & 0xFF) || Ascii.isDigit(b[j] & 0xFF) || b[j] == '-' || b[j] == ';')) {
                j++;
            }
        } else {
            while (j < end && (Ascii.isDigit(b[j] & 0xFF) || j > i && b[j] == '.')) {
                j++;
            }
        }
        if (j == i || j >= end) {
            return -1;
        }
        int c = b[j];
        if ((c == '~' || c == '>' || c == '<') && j + 1 < end && b[j + 1] == '=') {
            return j + 2;
        }
        if (c == '=') {
            return j + 1 < end && b[j + 1] == '=' ? -1 : j + 1;
        }
        return c == ':' ? j + 1 : -1;
    }

    /**
     * Whether the {@code :=} at {@code colon} ends an extensible match's rule: {@code :dn}, a
     * numeric OID after a colon, or a matching rule's name ({@code …Match}).
     */
    private static boolean extensibleRule(byte[] b, int off, int colon) {
        int k = colon - 1;
        while (k >= off && (Ascii.isDigit(b[k] & 0xFF) || b[k] == '.')) {
            k--;
        }
        if (k < colon - 1) {
            boolean dotted = false;
            for (int d = k + 1; d < colon; d++) {
                dotted |= b[d] == '.';
            }
            return dotted && k >= off && b[k] == ':' && Ascii.isDigit(b[k + 1] & 0xFF);
        }
        int start = colon - DN.length;
        if (start - 1 >= off && b[start - 1] == ':' && Ascii.startsWith(b, start, colon, DN)) {
            return true;
        }
        start = colon - MATCH.length;
        return start - 1 >= off && Ascii.isAlpha(b[start - 1] & 0xFF) && Ascii.startsWith(b, start, colon, MATCH);
    }

    private static boolean isCompositeOperator(byte c) {
        return c == '&' || c == '|' || c == '!';
    }
}
