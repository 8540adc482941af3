package dev.sluice.matchers.attack;

import dev.sluice.matchers.validate.ByteValidator;
import dev.sluice.matchers.validate.CandidateView;

/**
 * Validator {@code graphql_introspection}: confirms a GraphQL introspection query, a client
 * asking the API for its own schema: every type, field, argument and deprecated field it has,
 * internal ones included (OWASP API Security, API8 "Security Misconfiguration"; the first step
 * of most GraphQL attacks). Confirmed when the meta-field {@code __schema} is selected with a
 * selection set ({@code __schema {}) or {@code __type} with arguments ({@code __type(name: "User")}),
 * inside a selection set (an unclosed {@code {} before it), as a name of its own and not a
 * member access ({@code this.__type(x)}). An alias in front ({@code s: __schema {}) and
 * GraphQL's insignificant commas are allowed.
 *
 * <p>{@code __typename}, which clients such as Apollo add to every selection, is not
 * introspection and passes, as do the names in prose or outside braces.
 */
public final class GraphqlIntrospectionValidator implements ByteValidator {
    static final GraphqlIntrospectionValidator INSTANCE = new GraphqlIntrospectionValidator();

    private static final byte[] SCHEMA = Ascii.exact("__schema");
    private static final byte[] TYPE = Ascii.exact("__type");

    private GraphqlIntrospectionValidator() {
    }

    @Override
    public boolean test(CandidateView candidate) {
        return AttackNormalizer.rawOrNormalized(candidate, GraphqlIntrospectionValidator::detect);
    }

    static boolean detect(byte[] b, int off, int end, AttackScratch s) {
        int depth = 0;
        for (int i = off; i < end; i++) {
            byte x = b[i];
            if (x == '{') {
                depth++;
            } else if (x == '}') {
                depth = Math.max(0, depth - 1);
            } else if (x == '_' && depth > 0 && (i == off || !isName(b[i - 1])) && selected(b, off, end, i)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a meta-field starts at {@code i}, as a selection: {@code __schema {} or {@code __type(}. */
    private static boolean selected(byte[] b, int off, int end, int i) {
        byte opens;
        int after;
        if (Ascii.startsWithExact(b, i, end, SCHEMA)) {
            opens = '{';
            after = i + SCHEMA.length;
        } else if (Ascii.startsWithExact(b, i, end, TYPE)) {
            opens = '(';
            after = i + TYPE.length;
        } else {
            return false;
        }
        if (after < end && isName(b[after])) {
            return false; // __typename, __schemaVersion: other names
        }
        int next = skipIgnored(b, after, end);
        return next < end && b[next] == opens && previousSignificant(b, off, i) != '.';
    }

    /** GraphQL's ignored tokens between names and punctuators: white space, line ends, commas. */
    private static int skipIgnored(byte[] b, int i, int end) {
        while (i < end && (Ascii.isSpace(b[i]) || b[i] == ',')) {
            i++;
        }
        return i;
    }

    private static int previousSignificant(byte[] b, int off, int i) {
        int p = i - 1;
        while (p >= off && (Ascii.isSpace(b[p]) || b[p] == ',')) {
            p--;
        }
        return p < off ? -1 : b[p];
    }

    /** GraphQL's name characters: {@code [_A-Za-z0-9]}. */
    private static boolean isName(byte c) {
        return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
