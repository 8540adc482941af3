package dev.sluice.matchers;

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
            int[][] m = ExpressionReader.read(regex, caseless, MATRICES);
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

    /** Each expression node as a matrix over the number grammar's states (see the class comment). */
    private static final ExpressionReader.Algebra<int[][]> MATRICES = new ExpressionReader.Algebra<>() {
        @Override
        public int[][] empty() {
            return identity();
        }

        @Override
        public int[][] assertion() {
            return identity();
        }

        @Override
        public int[][] bytes(boolean[] set) {
            return ofBytes(set);
        }

        @Override
        public int[][] then(int[][] a, int[][] b) {
            return NumberFactors.then(a, b);
        }

        @Override
        public int[][] either(int[][] a, int[][] b) {
            return NumberFactors.either(a, b);
        }

        @Override
        public int[][] repeat(int[][] a, int min, int max) {
            return NumberFactors.repeat(a, min, max);
        }
    };

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
}
