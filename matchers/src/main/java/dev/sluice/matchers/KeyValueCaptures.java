package dev.sluice.matchers;

/**
 * Values after a {@code key=} anchor in free text, waiting for their delimiter: where the
 * value starts, the context classes of the key that are whole-value detectors, and the key.
 * At most {@link #MAX_CAPTURES} wait at once, as many as one scan can hold (less than two
 * steps; an anchor and its delimiter take four bytes at least): captures are decided after each
 * scan, so a body fed whole keeps every capture one fed a byte at a time keeps (a stream that
 * replays text before each value anchors the same key again in every value). A later anchor
 * is not captured, and its session counts it as a dropped finding.
 */
final class KeyValueCaptures {
    static final int MAX_CAPTURES = 2 * ScanSession.SCAN_STEP / 4;
    private static final int INITIAL_CAPTURES = 64;

    private long[] pos = new long[INITIAL_CAPTURES];
    private long[] classes = new long[INITIAL_CAPTURES];
    private String[] key = new String[INITIAL_CAPTURES];
    private int count;

    /** Captures the value from {@code at}; false when {@link #MAX_CAPTURES} already wait. */
    boolean add(long at, long wholeClasses, String k) {
        if (count == pos.length) {
            if (count == MAX_CAPTURES) {
                return false;
            }
            int n = Math.min(MAX_CAPTURES, 2 * count);
            pos = java.util.Arrays.copyOf(pos, n);
            classes = java.util.Arrays.copyOf(classes, n);
            key = java.util.Arrays.copyOf(key, n);
        }
        pos[count] = at;
        classes[count] = wholeClasses;
        key[count] = k;
        count++;
        return true;
    }

    int size() {
        return count;
    }

    long pos(int i) {
        return pos[i];
    }

    long classes(int i) {
        return classes[i];
    }

    String key(int i) {
        return key[i];
    }

    /** Moves capture {@code i} to slot {@code kept} while compacting; {@code kept <= i}. */
    void keep(int i, int kept) {
        pos[kept] = pos[i];
        classes[kept] = classes[i];
        key[kept] = key[i];
    }

    void truncate(int n) {
        for (int i = n; i < count; i++) {
            key[i] = null;
        }
        count = n;
    }

    /** Whether a capture starts in {@code [start, end]}. */
    boolean anyIn(long start, long end) {
        for (int i = 0; i < count; i++) {
            if (pos[i] >= start && pos[i] <= end) {
                return true;
            }
        }
        return false;
    }

    /** The lowest position a waiting capture's value starts at, or {@code Long.MAX_VALUE}. */
    long minPos() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            min = Math.min(min, pos[i]);
        }
        return min;
    }
}
