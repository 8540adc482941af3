package dev.sluice.matchers;

/**
 * Values after a {@code key=} anchor in free text, waiting for their delimiter: where the
 * value starts, the context classes of the key that are whole-value detectors, and the key.
 * At most {@link #MAX_CAPTURES} wait at once; later anchors are not captured.
 */
final class KeyValueCaptures {
    static final int MAX_CAPTURES = 64;

    private final long[] pos = new long[MAX_CAPTURES];
    private final long[] classes = new long[MAX_CAPTURES];
    private final String[] key = new String[MAX_CAPTURES];
    private int count;

    void add(long at, long wholeClasses, String k) {
        if (count < MAX_CAPTURES) {
            pos[count] = at;
            classes[count] = wholeClasses;
            key[count] = k;
            count++;
        }
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
