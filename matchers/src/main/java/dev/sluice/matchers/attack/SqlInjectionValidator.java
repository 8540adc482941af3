package dev.sluice.matchers.attack;

import dev.sluice.matchers.attack.SqlTokenizer.Context;
import dev.sluice.matchers.validate.ByteValidator;
import dev.sluice.matchers.validate.CandidateView;

/**
 * Validator {@code sqli}: confirms SQL injection (CWE-89; OWASP Top 10 A03:2021, OWASP
 * Testing Guide WSTG-INPV-05) by tokenizing the whole value with {@link SqlTokenizer} and
 * matching the token stream against injection shapes ({@link SqlInjectionRules}), not keywords:
 *
 * <ul>
 *   <li>breaking out of a string or number and continuing with boolean logic that forms a
 *       comparison or a truth value: {@code ' OR '1'='1}, {@code 1' or 1=1--},
 *       {@code 123) AND 12=12}, {@code ') OR JSON_EXTRACT(..) = 1};</li>
 *   <li>breaking out of a string and truncating the host query with a comment
 *       ({@code admin'--}, {@code admin'#}), a semicolon, ORDER/GROUP BY, INTO OUTFILE;</li>
 *   <li>{@code UNION [ALL] SELECT}, sub-selects and {@code SELECT ... FROM} after a break;</li>
 *   <li>stacked queries: {@code ; DROP TABLE}, {@code ; EXEC xp_cmdshell},
 *       {@code ; DECLARE @v}, {@code ; SHUTDOWN}, {@code WAITFOR DELAY '0:0:5'};</li>
 *   <li>time and error probes: {@code SLEEP(5)}, {@code BENCHMARK(n, ..)},
 *       {@code pg_sleep(5)}, {@code extractvalue(}, {@code updatexml(}, {@code load_file(};</li>
 *   <li>catalog access: {@code information_schema.}, {@code FROM sysobjects},
 *       {@code @@version}; encodings: {@code CHAR(65,66)}, {@code CONCAT(0x..)},
 *       {@code group_concat(}.</li>
 * </ul>
 *
 * <p>Each value is read three ways: as code, and as if the host query had opened a single
 * or a double quote before it (only when the value contains that quote). MySQL executable
 * comments and percent, entity and escape encodings ({@link AttackNormalizer}) are undone
 * first. A word such as "union" or "select" in prose never matches on its own: every rule
 * needs SQL grammar around it. Rules and tables are Sluice's own; the three-context idea
 * follows libinjection's published design (Nick Galbreath, Black Hat 2012).
 */
public final class SqlInjectionValidator implements ByteValidator {
    /** Tokens kept from one window to the next when a value has more than a window of them. */
    private static final int OVERLAP = 16;

    static final SqlInjectionValidator INSTANCE = new SqlInjectionValidator();

    private SqlInjectionValidator() {
    }

    @Override
    public boolean test(CandidateView candidate) {
        return AttackNormalizer.rawOrNormalized(candidate, SqlInjectionValidator::detect);
    }

    static boolean detect(byte[] b, int off, int end, AttackScratch s) {
        if (scan(b, off, end, Context.NONE, s)) {
            return true;
        }
        boolean single = false;
        boolean dbl = false;
        for (int i = off; i < end; i++) {
            single |= b[i] == '\'';
            dbl |= b[i] == '"';
        }
        return (single && scan(b, off, end, Context.SINGLE_QUOTE, s))
            || (dbl && !isJsonDocument(b, off, end) && scan(b, off, end, Context.DOUBLE_QUOTE, s));
    }

    /**
     * A whole JSON object or array ({@code {..}} or {@code [..]} with balanced double quotes)
     * is a document, not a fragment breaking out of a double-quoted SQL string: reading it in
     * that context would take its keys ("or", "like", "is") for SQL after a quote.
     */
    static boolean isJsonDocument(byte[] b, int off, int end) {
        int first = Ascii.skipSpace(b, off, end);
        int last = end - 1;
        while (last > first && Ascii.isSpace(b[last] & 0xFF)) {
            last--;
        }
        if (last <= first) {
            return false;
        }
        int open = b[first] & 0xFF;
        int close = b[last] & 0xFF;
        if (!((open == '{' && close == '}') || (open == '[' && close == ']'))) {
            return false;
        }
        boolean inString = false;
        for (int i = first; i <= last; i++) {
            int c = b[i] & 0xFF;
            if (inString && c == '\\') {
                i++;
            } else if (c == '"') {
                inString = !inString;
            }
        }
        return !inString;
    }

    private static boolean scan(byte[] b, int off, int end, Context ctx, AttackScratch s) {
        int pos = off;
        int count = 0;
        if (ctx != Context.NONE) {
            pos = SqlTokenizer.openString(b, off, end, ctx.quote, s);
            if (pos < 0) {
                return false;
            }
            count = 1;
        }
        boolean first = true;
        // Each round consumes at least MAX_TOKENS - OVERLAP tokens, so the loop ends.
        while (true) {
            count = SqlTokenizer.fill(b, pos, end, count, s, s.resume);
            pos = s.resume[0];
            if (SqlInjectionRules.matches(s, count, ctx, first)) {
                return true;
            }
            if (pos >= end || count < AttackScratch.MAX_TOKENS) {
                return false;
            }
            System.arraycopy(s.kind, count - OVERLAP, s.kind, 0, OVERLAP);
            System.arraycopy(s.code, count - OVERLAP, s.code, 0, OVERLAP);
            System.arraycopy(s.start, count - OVERLAP, s.start, 0, OVERLAP);
            System.arraycopy(s.end, count - OVERLAP, s.end, 0, OVERLAP);
            count = OVERLAP;
            first = false;
        }
    }
}
