package dev.sluice.matchers;

import java.util.Arrays;

/**
 * Where context was seen in a session's decoded stream: keywords and {@code key=} anchors that
 * make a detector's candidates shortly after them count ({@link ContextRule}), in a ring of the
 * newest {@value #MAX_MARKS}, plus where each context class's detector last found something, so a
 * key that labels one value does not label the next.
 */
final class ContextMarks {
    private static final int MAX_MARKS = 64;
    private static final int CLASSES = 64;

    private final long[] pos = new long[MAX_MARKS];
    private final boolean[] keyed = new boolean[MAX_MARKS];
    private final long[] classes = new long[MAX_MARKS];
    /** Per context class: the position of its newest mark, so most candidates skip the ring. */
    private final long[] newest = filled(CLASSES);
    /** Per context class: where its detector's last finding ended (a key labels one value). */
    private final long[] lastFindingEnd = filled(CLASSES);
    private int count;
    private int next;

    /**
     * @param isKey the mark is a key ({@code phone=}), which names one value; a prose keyword
     *              ("these phones: ...") may name several
     */
    void add(long markClasses, long at, boolean isKey) {
        if (markClasses == 0) {
            return;
        }
        for (long bits = markClasses; bits != 0; bits &= bits - 1) {
            int c = Long.numberOfTrailingZeros(bits);
            newest[c] = Math.max(newest[c], at);
        }
        pos[next] = at;
        classes[next] = markClasses;
        keyed[next] = isKey;
        next = (next + 1) % MAX_MARKS;
        count = Math.min(count + 1, MAX_MARKS);
    }

    /** The keywords inside a key ("phone" of "phone=" at {@code [from, to]}) name one value too. */
    void markKeyedWithin(long from, long to) {
        for (int k = 0; k < count; k++) {
            int i = (next - 1 - k + MAX_MARKS) % MAX_MARKS;
            if (pos[i] >= from && pos[i] <= to) {
                keyed[i] = true;
            }
        }
    }

    /** Whether a mark of a class in {@code mask} ends within {@code [from, to]}. */
    boolean anyWithin(long mask, long from, long to) {
        for (int k = 0; k < count; k++) {
            int i = (next - 1 - k + MAX_MARKS) % MAX_MARKS;
            if ((classes[i] & mask) != 0 && pos[i] >= from && pos[i] <= to) {
                return true;
            }
        }
        return false;
    }

    /** A finding of the class {@code bit}'s detector ended at {@code to}. */
    void found(long bit, long to) {
        if (bit != 0) {
            lastFindingEnd[Long.numberOfTrailingZeros(bit)] = to;
        }
    }

    /** Whether a candidate of {@code d} (context class {@code bit}) at {@code from} in {@code v} has its context. */
    boolean inContext(Detector d, long bit, long from, ValueRecord v, DecodedWindow window) {
        if ((v.classes & bit) != 0) {
            return true;
        }
        ContextRule rule = d.context();
        if (newest[Long.numberOfTrailingZeros(bit)] < Math.max(v.start, from - rule.proximity())) {
            return false;
        }
        for (int k = 0; k < count; k++) {
            int i = (next - 1 - k + MAX_MARKS) % MAX_MARKS;
            long p = pos[i];
            if ((classes[i] & bit) == 0 || p > from || from - p > rule.proximity() || p < v.start
                    || keyed[i] && labelledBefore(bit, p, from)) {
                continue;
            }
            if (!rule.sameLine() || noNewline(window, p, from)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a finding of the class's detector already sits between the keyword at {@code mark} and {@code from}. */
    private boolean labelledBefore(long bit, long mark, long from) {
        long end = lastFindingEnd[Long.numberOfTrailingZeros(bit)];
        return end > mark && end <= from;
    }

    private static boolean noNewline(DecodedWindow window, long from, long to) {
        if (!window.holds(from, to)) {
            return false;
        }
        for (long p = from; p < to; p++) {
            if (window.at(p) == '\n') {
                return false;
            }
        }
        return true;
    }

    /** Forgets every mark and finding end, for another body. */
    void clear() {
        Arrays.fill(newest, -1);
        Arrays.fill(lastFindingEnd, -1);
        count = 0;
        next = 0;
    }

    private static long[] filled(int n) {
        long[] a = new long[n];
        Arrays.fill(a, -1);
        return a;
    }
}
