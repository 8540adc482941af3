package dev.sluice.matchers;

import java.nio.charset.StandardCharsets;

/**
 * How short a piece of a JSON number an expression can match, read from the expression itself:
 * the shortest string that the expression matches and that can sit inside some number of JSON's
 * grammar ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}). {@link NumberReach} tries
 * every number up to five bytes, which is exact but cannot go further; this reading goes
 * further but only for the syntax it knows, and it treats {@code \b}, {@code ^} and {@code $}
 * as always true, so its answer is a lower bound. A card needs 13 digits, a phone number after
 * an exponent's {@code +} ten bytes; an IPv4 address or an SSN with dashes cannot be inside a
 * number at all (one dot at most, a dash only after {@code e}), which trying lengths never shows.
 *
 * <p>Method: each expression node becomes a matrix over the states of the number grammar's
 * automaton, with the NUL separators a session writes around each value as states before and
 * after (they count no length): entry (q, r) is the shortest string the node matches that
 * leads from q to r. Counts above {@value #MAX_COUNT} are read as that count, which only lowers
 * the bound.
 * Concatenation is the min-plus product, alternation the minimum, repetition powers and a
 * closure. Every state of that automaton can be reached and can still end a number, so any
 * entry is a string that fits inside some number.
 */
final class NumberFactors {
    /** No match can sit inside a number. */
    static final int NEVER = Integer.MAX_VALUE;
    /** Expression syntax this reading does not know: it says nothing (any length may match). */
    static final int UNKNOWN = 0;

    private static final int STATES = 11;
    private static final int START = 0;
    private static final int MINUS = 1;
    private static final int ZERO = 2;
    private static final int INT = 3;
    private static final int DOT = 4;
    private static final int FRACTION = 5;
    private static final int E = 6;
    private static final int SIGN = 7;
    private static final int EXPONENT = 8;
    /** Before the NUL that separates the number from the value before it, and after the one behind it. */
    private static final int BEFORE = 9;
    private static final int AFTER = 10;
    /** Matches longer than this many repetitions of a node are not told apart: the answer is a lower bound anyway. */
    private static final int MAX_COUNT = 64;
    private static final int INF = Integer.MAX_VALUE / 4;
    /** {@code NEXT[q][b]}: the state after byte b from q, or -1. */
    private static final int[][] NEXT = grammar();

    private NumberFactors() {
    }

    /** The shortest match of {@code regex} inside a JSON number; {@link #NEVER} or {@link #UNKNOWN} as above. */
    static int shortest(String regex, boolean caseless) {
        try {
            Parser p = new Parser(regex.getBytes(StandardCharsets.UTF_8), caseless);
            int[][] m = p.alternation();
            if (p.pos != p.re.length) {
                return UNKNOWN;
            }
            int best = INF;
            for (int[] row : m) {
                for (int v : row) {
                    best = Math.min(best, v);
                }
            }
            return best >= INF ? NEVER : best;
        } catch (IllegalArgumentException unknownSyntax) {
            return UNKNOWN;
        }
    }

    private static int[][] grammar() {
        int[][] t = new int[STATES][256];
        for (int[] row : t) {
            java.util.Arrays.fill(row, -1);
        }
        t[START]['-'] = MINUS;
        t[START]['0'] = ZERO;
        t[MINUS]['0'] = ZERO;
        for (int d = '1'; d <= '9'; d++) {
            t[START][d] = INT;
            t[MINUS][d] = INT;
        }
        for (int d = '0'; d <= '9'; d++) {
            t[INT][d] = INT;
            t[DOT][d] = FRACTION;
            t[FRACTION][d] = FRACTION;
            t[E][d] = EXPONENT;
            t[SIGN][d] = EXPONENT;
            t[EXPONENT][d] = EXPONENT;
        }
        t[ZERO]['.'] = DOT;
        t[INT]['.'] = DOT;
        for (int q : new int[] {ZERO, INT, FRACTION}) {
            t[q]['e'] = E;
            t[q]['E'] = E;
        }
        t[E]['+'] = SIGN;
        t[E]['-'] = SIGN;
        // A session writes a NUL before and after each value: an expression may match them too.
        t[BEFORE][0] = START;
        for (int q : new int[] {ZERO, INT, FRACTION, EXPONENT}) {
            t[q][0] = AFTER;
        }
        return t;
    }

    // ---------------------------------------------------------------- matrices

    private static int[][] identity() {
        int[][] m = infinite();
        for (int q = 0; q < STATES; q++) {
            m[q][q] = 0;
        }
        return m;
    }

    private static int[][] infinite() {
        int[][] m = new int[STATES][STATES];
        for (int[] row : m) {
            java.util.Arrays.fill(row, INF);
        }
        return m;
    }

    private static int[][] ofBytes(boolean[] set) {
        int[][] m = infinite();
        for (int q = 0; q < STATES; q++) {
            for (int b = 0; b < 256; b++) {
                if (set[b] && NEXT[q][b] >= 0) {
                    // The separators are not part of the number: they cost no length.
                    m[q][NEXT[q][b]] = Math.min(m[q][NEXT[q][b]], b == 0 ? 0 : 1);
                }
            }
        }
        return m;
    }

    private static int[][] then(int[][] a, int[][] b) {
        int[][] m = infinite();
        for (int q = 0; q < STATES; q++) {
            for (int k = 0; k < STATES; k++) {
                if (a[q][k] >= INF) {
                    continue;
                }
                for (int r = 0; r < STATES; r++) {
                    m[q][r] = Math.min(m[q][r], a[q][k] + b[k][r]);
                }
            }
        }
        return m;
    }

    private static int[][] either(int[][] a, int[][] b) {
        int[][] m = new int[STATES][STATES];
        for (int q = 0; q < STATES; q++) {
            for (int r = 0; r < STATES; r++) {
                m[q][r] = Math.min(a[q][r], b[q][r]);
            }
        }
        return m;
    }

    /** {@code a} repeated {@code min} to {@code max} times ({@code max} < 0: unbounded). */
    private static int[][] repeat(int[][] a, int min, int max) {
        min = Math.min(min, MAX_COUNT);
        int[][] m = identity();
        for (int i = 0; i < min; i++) {
            m = then(m, a);
        }
        // Shortest paths never need more than STATES further steps: beyond, the closure.
        int optional = max < 0 ? STATES : Math.min(max - min, STATES);
        int[][] step = either(identity(), a);
        for (int i = 0; i < optional; i++) {
            m = then(m, step);
        }
        return m;
    }

    // ---------------------------------------------------------------- parsing

    /** A recursive-descent reading of the expression syntax the catalogs use (Hyperscan's PCRE subset). */
    private static final class Parser {
        final byte[] re;
        final boolean caseless;
        int pos;

        Parser(byte[] re, boolean caseless) {
            this.re = re;
            this.caseless = caseless;
        }

        int[][] alternation() {
            int[][] m = sequence();
            while (pos < re.length && re[pos] == '|') {
                pos++;
                m = either(m, sequence());
            }
            return m;
        }

        private int[][] sequence() {
            int[][] m = identity();
            while (pos < re.length && re[pos] != '|' && re[pos] != ')') {
                m = then(m, quantified());
            }
            return m;
        }

        private int[][] quantified() {
            int[][] atom = atom();
            while (pos < re.length) {
                byte c = re[pos];
                int min;
                int max;
                if (c == '*') {
                    min = 0;
                    max = -1;
                    pos++;
                } else if (c == '+') {
                    min = 1;
                    max = -1;
                    pos++;
                } else if (c == '?') {
                    min = 0;
                    max = 1;
                    pos++;
                } else if (c == '{' && isCount()) {
                    pos++;
                    min = number();
                    max = min;
                    if (re[pos] == ',') {
                        pos++;
                        max = re[pos] == '}' ? -1 : number();
                    }
                    pos++; // '}'
                } else {
                    return atom;
                }
                if (pos < re.length && (re[pos] == '?' || re[pos] == '+')) {
                    pos++; // lazy or possessive: the same strings
                }
                atom = repeat(atom, min, max);
            }
            return atom;
        }

        private boolean isCount() {
            int i = pos + 1;
            int digits = 0;
            while (i < re.length && Character.isDigit(re[i])) {
                i++;
                digits++;
            }
            if (digits == 0) {
                return false;
            }
            if (i < re.length && re[i] == ',') {
                i++;
                while (i < re.length && Character.isDigit(re[i])) {
                    i++;
                }
            }
            return i < re.length && re[i] == '}';
        }

        private int number() {
            int n = 0;
            while (Character.isDigit(re[pos])) {
                n = Math.min(n * 10 + (re[pos++] - '0'), 100_000);
            }
            return n;
        }

        private int[][] atom() {
            byte c = re[pos];
            switch (c) {
                case '(' -> {
                    pos++;
                    if (pos + 1 < re.length && re[pos] == '?') {
                        if (re[pos + 1] != ':') {
                            throw new IllegalArgumentException("group kind"); // flags, look-around
                        }
                        pos += 2;
                    }
                    int[][] m = alternation();
                    if (pos >= re.length || re[pos] != ')') {
                        throw new IllegalArgumentException("unclosed group");
                    }
                    pos++;
                    return m;
                }
                case '[' -> {
                    return ofBytes(bracket());
                }
                case '.' -> {
                    pos++;
                    boolean[] all = new boolean[256];
                    java.util.Arrays.fill(all, true);
                    return ofBytes(all);
                }
                case '^', '$' -> {
                    pos++;
                    return identity();
                }
                case '\\' -> {
                    pos++;
                    byte e = re[pos];
                    if (e == 'b' || e == 'B') {
                        pos++;
                        return identity();
                    }
                    return ofBytes(escape());
                }
                default -> {
                    if (c == '*' || c == '+' || c == '?' || c == ')') {
                        throw new IllegalArgumentException("quantifier without atom");
                    }
                    pos++;
                    return ofBytes(literal(c & 0xFF));
                }
            }
        }

        /** The escape after a backslash (outside or inside a bracket), as a byte set. */
        private boolean[] escape() {
            byte e = re[pos++];
            boolean[] s = new boolean[256];
            switch (e) {
                case 'd' -> range(s, '0', '9');
                case 'D' -> {
                    range(s, '0', '9');
                    invert(s);
                }
                case 'w' -> word(s);
                case 'W' -> {
                    word(s);
                    invert(s);
                }
                case 's' -> space(s);
                case 'S' -> {
                    space(s);
                    invert(s);
                }
                case 'n' -> s['\n'] = true;
                case 'r' -> s['\r'] = true;
                case 't' -> s['\t'] = true;
                case 'f' -> s['\f'] = true;
                case 'v' -> s[0x0B] = true;
                case 'x' -> s[hex()] = true;
                default -> {
                    if (Character.isLetterOrDigit(e)) {
                        throw new IllegalArgumentException("escape \\" + (char) e);
                    }
                    return literal(e & 0xFF);
                }
            }
            return s;
        }

        private int hex() {
            int v = Integer.parseInt(new String(re, pos, 2, StandardCharsets.US_ASCII), 16);
            pos += 2;
            return v;
        }

        private boolean[] bracket() {
            pos++; // '['
            boolean negate = pos < re.length && re[pos] == '^';
            if (negate) {
                pos++;
            }
            boolean[] s = new boolean[256];
            boolean first = true;
            while (pos < re.length && (re[pos] != ']' || first)) {
                first = false;
                int lo;
                boolean[] single = null;
                if (re[pos] == '\\') {
                    pos++;
                    byte e = re[pos];
                    if (e == 'x') {
                        pos++;
                        lo = hex();
                    } else {
                        single = escape();
                        lo = -1;
                    }
                } else {
                    lo = re[pos++] & 0xFF;
                }
                if (single != null) {
                    for (int b = 0; b < 256; b++) {
                        s[b] |= single[b];
                    }
                    continue;
                }
                if (pos + 1 < re.length && re[pos] == '-' && re[pos + 1] != ']') {
                    pos++;
                    int hi;
                    if (re[pos] == '\\') {
                        pos++;
                        if (re[pos] == 'x') {
                            pos++;
                            hi = hex();
                        } else {
                            hi = re[pos++] & 0xFF;
                        }
                    } else {
                        hi = re[pos++] & 0xFF;
                    }
                    for (int b = lo; b <= hi; b++) {
                        addCased(s, b);
                    }
                } else {
                    addCased(s, lo);
                }
            }
            if (pos >= re.length) {
                throw new IllegalArgumentException("unclosed bracket");
            }
            pos++; // ']'
            if (negate) {
                invert(s);
            }
            return s;
        }

        private boolean[] literal(int b) {
            boolean[] s = new boolean[256];
            addCased(s, b);
            return s;
        }

        private void addCased(boolean[] s, int b) {
            s[b] = true;
            if (caseless && b < 128 && Character.isLetter(b)) {
                s[Character.toLowerCase(b)] = true;
                s[Character.toUpperCase(b)] = true;
            }
        }

        private static void range(boolean[] s, char lo, char hi) {
            for (int b = lo; b <= hi; b++) {
                s[b] = true;
            }
        }

        private static void word(boolean[] s) {
            range(s, '0', '9');
            range(s, 'a', 'z');
            range(s, 'A', 'Z');
            s['_'] = true;
        }

        private static void space(boolean[] s) {
            for (char c : new char[] {' ', '\t', '\n', '\r', '\f', 0x0B}) {
                s[c] = true;
            }
        }

        private static void invert(boolean[] s) {
            for (int b = 0; b < 256; b++) {
                s[b] = !s[b];
            }
        }
    }
}
