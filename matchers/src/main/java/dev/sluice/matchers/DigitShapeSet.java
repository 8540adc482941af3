package dev.sluice.matchers;

import java.util.List;

/**
 * The digit shapes of one compiled catalog direction, with the tables that tell {@link DigitRuns}
 * which shapes a run could end: most runs end no match, and the tables say so without asking
 * each shape. Built once per engine and direction; immutable and shared by every session.
 */
final class DigitShapeSet {
    /** Shapes one set can hold (a bit each in the tables); the catalog leaves the rest to Hyperscan. */
    static final int MAX_SHAPES = 64;
    /** Runs and chains this long or longer are told apart from shorter ones only by the shapes themselves. */
    static final int LONG_RUN = 63;
    static final DigitShapeSet EMPTY = new DigitShapeSet(List.of());

    private final DigitShape[] shapes;
    /** Bit s: shapes[s] can end with a run of n digits, n = min(length, LONG_RUN). */
    private final long[] byLength = new long[LONG_RUN + 1];
    /** Bit s: a chain of c digits (c = min(digits, LONG_RUN)) is enough for a match of shapes[s]. */
    private final long[] byChainDigits = new long[LONG_RUN + 1];
    /** Bit s: a match of shapes[s] can be one run standing alone. */
    private final long standAlone;
    /** Bit s: shapes[s] can join its last run to the run before with byte b. */
    private final long[] joinWith = new long[256];

    DigitShapeSet(List<DigitShape> shapes) {
        if (shapes.size() > MAX_SHAPES) {
            throw new IllegalArgumentException("at most " + MAX_SHAPES + " digit shapes, got " + shapes.size());
        }
        this.shapes = shapes.toArray(new DigitShape[0]);
        long alone = 0;
        for (int s = 0; s < this.shapes.length; s++) {
            DigitShape shape = this.shapes[s];
            long bit = 1L << s;
            for (int n = 1; n <= LONG_RUN; n++) {
                byLength[n] |= shape.lastRunMayBe(n) ? bit : 0;
                byChainDigits[n] |= n >= Math.min(shape.leastDigits(), LONG_RUN) ? bit : 0;
            }
            alone |= shape.mayStandAlone() ? bit : 0;
            for (int b = 0; b < 256; b++) {
                joinWith[b] |= shape.mayJoinWith(b) ? bit : 0;
            }
        }
        this.standAlone = alone;
    }

    int size() {
        return shapes.length;
    }

    DigitShape shape(int s) {
        return shapes[s];
    }

    /** Whether some shape joins runs with byte {@code b}. */
    boolean joins(int b) {
        return joinWith[b] != 0;
    }

    /**
     * The shapes (bit s: shape s) that could end with a run of {@code n} digits ending a chain of
     * {@code chainDigits} digits, the run joined to the one before by byte {@code b} when
     * {@code joined}.
     */
    long candidates(int n, int chainDigits, int b, boolean joined) {
        return byLength[Math.min(n, LONG_RUN)] & byChainDigits[chainDigits] & (standAlone | (joined ? joinWith[b] : 0));
    }
}
