package dev.sluice.matchers.validate;

/**
 * Shannon entropy of a byte string in bits per byte: {@code H = log2(n) - (1/n) sum c log2 c}
 * over the count {@code c} of each distinct byte value. Random base62 keys score about 5.9 at
 * length 64 and 4.5-5 at length 32; words and repeated patterns score under 3.
 *
 * <p>Counting uses the thread's {@link Scratch#counts()} table; each distinct byte is summed
 * once and its slot cleared as it is read, so the table is zero again afterwards and the cost is
 * linear in the length, with no per-call allocation.
 */
final class Entropy {
    private static final double LN2 = Math.log(2);
    /** Counts whose {@code c ln c} is read from a table: every count of a value up to 255 bytes long. */
    static final int TABLED = 256;
    /**
     * {@code c * Math.log(c)} for each tabled count, the same doubles a call computed for itself:
     * one {@code Math.log} per distinct byte was most of what a key's entropy cost.
     */
    private static final double[] C_LN_C = new double[TABLED];

    static {
        for (int c = 1; c < TABLED; c++) {
            C_LN_C[c] = c * Math.log(c);
        }
    }

    private Entropy() {}

    static double bits(byte[] buf, int off, int len) {
        if (len <= 1) {
            return 0;
        }
        int[] counts = Scratch.counts();
        for (int i = 0; i < len; i++) {
            counts[buf[off + i] & 0xFF]++;
        }
        double sum = 0;
        for (int i = 0; i < len; i++) {
            int b = buf[off + i] & 0xFF;
            int c = counts[b];
            if (c > 0) {
                sum += cLnC(c);
                counts[b] = 0;
            }
        }
        return (Math.log(len) - sum / len) / LN2;
    }

    /** {@code c * Math.log(c)}, from the table when {@code c} is in it. */
    static double cLnC(int c) {
        return c < TABLED ? C_LN_C[c] : c * Math.log(c);
    }

    /**
     * True when the entropy is at least {@code minBits}; a tolerance of 1e-9 absorbs rounding, so
     * eight distinct bytes reach exactly 3.0.
     */
    static boolean atLeast(byte[] buf, int off, int len, double minBits) {
        return bits(buf, off, len) >= minBits - 1e-9;
    }
}
