package dev.sluice.matchers.attack;

/**
 * A shell glob (POSIX "Pattern Matching Notation": {@code ?}, {@code *} and bracket expressions
 * with {@code !} or {@code ^} negation and ranges) matched against a name. The shell expands
 * {@code /???/??t} to {@code /bin/cat} before it runs it, so an attacker writes a command that way
 * to hide its name from filters; {@link ShellCommandScanner} asks which command a glob names.
 *
 * <p>Patterns and names are at most a command word long ({@code ShellCommandScanner.MAX_WORD}),
 * and a {@code *} backtracks to its last position only, so a match costs at most
 * pattern length × name length steps.
 */
final class ShellGlob {
    private ShellGlob() {
    }

    /** Whether {@code b[s, e)} holds a glob character. */
    static boolean has(byte[] b, int s, int e) {
        for (int i = s; i < e; i++) {
            if (b[i] == '?' || b[i] == '*' || b[i] == '[') {
                return true;
            }
        }
        return false;
    }

    /** How many bytes of {@code b[s, e)} are neither a wildcard nor {@code /}. */
    static int literals(byte[] b, int s, int e) {
        int n = 0;
        for (int i = s; i < e; i++) {
            if (b[i] != '?' && b[i] != '*' && b[i] != '/') {
                n++;
            }
        }
        return n;
    }

    /** Whether the pattern {@code p[ps, pe)} matches all of {@code name}. */
    static boolean matches(byte[] p, int ps, int pe, byte[] name) {
        int pi = ps;
        int ni = 0;
        int starP = -1;
        int starN = 0;
        while (ni < name.length) {
            if (pi < pe && p[pi] == '*') {
                starP = ++pi;
                starN = ni;
                continue;
            }
            int next = pi < pe ? one(p, pi, pe, name[ni]) : -1;
            if (next >= 0) {
                pi = next;
                ni++;
            } else if (starP >= 0) {
                pi = starP;
                ni = ++starN;
            } else {
                return false;
            }
        }
        while (pi < pe && p[pi] == '*') {
            pi++;
        }
        return pi == pe;
    }

    /** Whether the pattern element at {@code pi} matches {@code c}: the index after it, or -1. */
    private static int one(byte[] p, int pi, int pe, byte c) {
        if (p[pi] == '?') {
            return pi + 1;
        }
        if (p[pi] == '[') {
            int close = bracketEnd(p, pi, pe);
            if (close > 0) {
                return inBracket(p, pi + 1, close, c) ? close + 1 : -1;
            }
        }
        return p[pi] == c ? pi + 1 : -1;
    }

    /** The {@code ]} that closes the bracket expression at {@code open}, or -1 (then {@code [} is literal). */
    static int bracketEnd(byte[] p, int open, int pe) {
        int i = open + 1;
        if (i < pe && (p[i] == '!' || p[i] == '^')) {
            i++;
        }
        if (i < pe && p[i] == ']') {
            i++;
        }
        while (i < pe && p[i] != ']') {
            i++;
        }
        return i < pe ? i : -1;
    }

    private static boolean inBracket(byte[] p, int i, int close, byte c) {
        boolean negated = p[i] == '!' || p[i] == '^';
        if (negated) {
            i++;
        }
        boolean found = false;
        for (int k = i; k < close; k++) {
            if (k + 2 < close && p[k + 1] == '-') {
                found |= c >= p[k] && c <= p[k + 2];
                k += 2;
            } else {
                found |= c == p[k];
            }
        }
        return found != negated;
    }
}
