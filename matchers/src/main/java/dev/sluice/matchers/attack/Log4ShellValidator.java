package dev.sluice.matchers.attack;

import dev.sluice.matchers.validate.ByteValidator;
import dev.sluice.matchers.validate.CandidateView;

/**
 * Validator {@code log4shell}: confirms Log4j JNDI lookup injection (CVE-2021-44228,
 * CVE-2021-45046; CWE-917, CWE-502). Log4j evaluates nested {@code ${..}} lookups innermost
 * first, and attackers hide the {@code jndi} prefix in them: {@code ${${lower:j}ndi:},
 * {@code ${${::-j}${::-n}di:}, {@code ${${env:NaN:-j}ndi:}, {@code ${jNdI:}. This validator
 * evaluates the same way on a copy of the value: the innermost lookup is replaced by its
 * default ({@code :-x}), its argument ({@code lower:}, {@code upper:}, {@code date:'x'}) or
 * nothing, until a lookup whose text starts with {@code jndi:} appears (then the value is an
 * attack, whatever the protocol: ldap, ldaps, rmi, dns, iiop, corba, nds, nis, http) or no
 * lookup is left.
 *
 * <p>Limits: at most {@link #MAX_ROUNDS} lookups are evaluated and {@link
 * AttackScratch#MAX_DECODED} bytes copied; a value needing more is judged on what was done.
 */
public final class Log4ShellValidator implements ByteValidator {
    static final Log4ShellValidator INSTANCE = new Log4ShellValidator();

    static final int MAX_ROUNDS = 128;

    private static final byte[] JNDI = Ascii.bytes("jndi:");
    private static final byte[] OPEN_JNDI = Ascii.bytes("${jndi:");
    private static final byte[] DEFAULT = Ascii.bytes(":-");
    private static final byte[] LOWER = Ascii.bytes("lower:");
    private static final byte[] UPPER = Ascii.bytes("upper:");
    private static final byte[] DATE = Ascii.bytes("date:");

    private Log4ShellValidator() {
    }

    @Override
    public boolean test(CandidateView candidate) {
        byte[] b = candidate.buf();
        int off = candidate.off();
        int end = off + candidate.len();
        AttackScratch s = AttackScratch.get();
        if (AttackNormalizer.mayBeEncoded(b, off, end)) {
            int n = AttackNormalizer.normalize(b, off, end, s);
            if (n >= 0) {
                // Decoded bytes live in s.decoded, which evaluation does not touch.
                return evaluate(s.decoded, 0, n, s.lookups) || evaluate(b, off, end, s.lookups);
            }
        }
        return evaluate(b, off, end, s.lookups);
    }

    /** Copies {@code b[off, end)} into {@code work} and evaluates its lookups there. */
    static boolean evaluate(byte[] b, int off, int end, byte[] work) {
        int len = Math.min(end - off, work.length);
        System.arraycopy(b, off, work, 0, len);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            // Find an innermost lookup: the last "${" before the first "}" that follows one.
            int open = -1;
            int close = -1;
            for (int i = 0; i < len; i++) {
                if (work[i] == '$' && i + 1 < len && work[i + 1] == '{') {
                    open = i;
                    i++;
                } else if (work[i] == '}' && open >= 0) {
                    close = i;
                    break;
                }
            }
            if (open < 0) {
                return false;
            }
            if (close < 0) {
                // An unclosed lookup: Log4j would not evaluate it, but the intent is plain.
                return Ascii.indexOf(work, 0, len, OPEN_JNDI) >= 0;
            }
            int bodyStart = open + 2;
            if (Ascii.startsWith(work, bodyStart, close, JNDI)) {
                return true;
            }
            int valueStart;
            int valueEnd = close;
            int dflt = Ascii.indexOf(work, bodyStart, close, DEFAULT);
            if (dflt >= 0) {
                valueStart = dflt + 2;
            } else if (Ascii.startsWith(work, bodyStart, close, LOWER) || Ascii.startsWith(work, bodyStart, close, UPPER)) {
                valueStart = bodyStart + LOWER.length;
            } else if (Ascii.startsWith(work, bodyStart, close, DATE)) {
                valueStart = bodyStart + DATE.length;
                if (valueEnd - valueStart >= 2 && work[valueStart] == '\'' && work[valueEnd - 1] == '\'') {
                    valueStart++;
                    valueEnd--;
                }
            } else {
                valueStart = close;
            }
            int valueLen = valueEnd - valueStart;
            System.arraycopy(work, valueStart, work, open, valueLen);
            System.arraycopy(work, close + 1, work, open + valueLen, len - close - 1);
            len -= (close + 1 - open) - valueLen;
        }
        return Ascii.indexOf(work, 0, len, OPEN_JNDI) >= 0;
    }
}
