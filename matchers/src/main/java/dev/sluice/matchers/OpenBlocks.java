package dev.sluice.matchers;

/**
 * Blocks begun and not yet ended (a PEM {@code BEGIN} line waiting for its {@code END}): per
 * detector, where the block started. At most {@value #MAX_BLOCKS} at once; a further begin is
 * forgotten.
 */
final class OpenBlocks {
    private static final int MAX_BLOCKS = 4;

    private final Detector[] detector = new Detector[MAX_BLOCKS];
    private final long[] from = new long[MAX_BLOCKS];

    /** A block of {@code d} begins at {@code at}; a block of {@code d} already open restarts there. */
    void begin(Detector d, long at) {
        for (int i = 0; i < MAX_BLOCKS; i++) {
            if (detector[i] == null || detector[i] == d) {
                detector[i] = d;
                from[i] = at;
                return;
            }
        }
    }

    /** Closes {@code d}'s open block and returns where it began, or -1 when none is open. */
    long end(Detector d) {
        for (int i = 0; i < MAX_BLOCKS; i++) {
            if (detector[i] == d) {
                detector[i] = null;
                return from[i];
            }
        }
        return -1;
    }

    /** Forgets every open block, for another body. */
    void clear() {
        java.util.Arrays.fill(detector, null);
    }

    /** The lowest start of an open block, or {@code Long.MAX_VALUE}. */
    long minFrom() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < MAX_BLOCKS; i++) {
            if (detector[i] != null) {
                min = Math.min(min, from[i]);
            }
        }
        return min;
    }
}
