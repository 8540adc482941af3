package dev.sluice.matchers;

import java.util.Arrays;

/**
 * Where context was seen in a session's decoded stream: keywords and {@code key=} anchors that
 * make a detector's candidates shortly after them count ({@link ContextRule}), in a ring that
 * keeps them until no check can use them any more, plus where each context class's detector last
 * found something, so a key that labels one value does not label the next.
 */
final class ContextMarks {
    private static final int INITIAL_MARKS = 64;
    /**
     * The most marks kept: past it the oldest go first. Only a body of nothing but keywords gets
     * here; marks older than any pending check are dropped by position ({@link #prune}) long before.
     */
    static final int MAX_MARKS = 8192;
    private static final int CLASSES = 64;

    private long[] pos = new long[INITIAL_MARKS];
    private boolean[] keyed = new boolean[INITIAL_MARKS];
    private long[] classes = new long[INITIAL_MARKS];
    /** Per context class: the position of its newest mark, so most candidates skip the ring. */
    private final long[] newest = filled(CLASSES);
    /** Per context class: where its detector's last finding ended (a key labels one value). */
    private final long[] lastFindingEnd = filled(CLASSES);
    /** Index of the oldest mark, and how many there are: marks arrive in stream order. */
    private int head;
    private int count;
    /** The furthest position marked so far. */
    private long furthest = -1;
    /**
     * How far a mark has come before one added earlier: 0 while marks arrive in stream order, as
     * the session adds them. A mark older in the ring than one at {@code p} is then at most
     * {@code p + disorder}, so a search for marks at or after some position stops at the first
     * mark more than this before it instead of reading the whole ring (a body of nothing but
     * keys made every key read thousands of marks).
     */
    private long disorder;

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
        disorder = Math.max(disorder, furthest - at);
        furthest = Math.max(furthest, at);
        if (count == pos.length) {
            if (pos.length < MAX_MARKS) {
                grow();
            } else {
                head = (head + 1) & (pos.length - 1);
                count--;
            }
        }
        int i = (head + count) & (pos.length - 1);
        pos[i] = at;
        classes[i] = markClasses;
        keyed[i] = isKey;
        count++;
    }

    /**
     * Forgets the marks that end before {@code before}: no check to come can use them. Marks are
     * dropped by position, never by number, so whether a candidate has its context does not
     * depend on how much the scan had read when it was decided (that is, on the chunking).
     */
    void prune(long before) {
        while (count > 0 && pos[head] < before) {
            head = (head + 1) & (pos.length - 1);
            count--;
        }
    }

    private void grow() {
        int n = pos.length * 2;
        pos = RingArrays.unroll(pos, head, count, n);
        classes = RingArrays.unroll(classes, head, count, n);
        keyed = RingArrays.unroll(keyed, head, count, n);
        head = 0;
    }

    /** The ring index of the {@code k}-th newest mark. */
    private int newestIndex(int k) {
        return (head + count - 1 - k) & (pos.length - 1);
    }

    /** The keywords inside a key ("phone" of "phone=" at {@code [from, to]}) name one value too. */
    void markKeyedWithin(long from, long to) {
        for (int k = 0; k < count; k++) {
            int i = newestIndex(k);
            if (pos[i] < from - disorder) {
                return; // older marks lie before from
            }
            if (pos[i] >= from && pos[i] <= to) {
                keyed[i] = true;
            }
        }
    }

    /** Whether a mark of a class in {@code mask} ends within {@code [from, to]}. */
    boolean anyWithin(long mask, long from, long to) {
        return firstWithin(mask, from, to) >= 0;
    }

    /** The position of the earliest mark of a class in {@code mask} within {@code [from, to]}, or -1. */
    long firstWithin(long mask, long from, long to) {
        long first = -1;
        for (int k = 0; k < count; k++) {
            int i = newestIndex(k);
            if (pos[i] < from - disorder) {
                break; // older marks lie before from
            }
            if ((classes[i] & mask) != 0 && pos[i] >= from && pos[i] <= to && (first < 0 || pos[i] < first)) {
                first = pos[i];
            }
        }
        return first;
    }

    /** A finding of the class {@code bit}'s detector ended at {@code to}. */
    void found(long bit, long to) {
        if (bit != 0) {
            lastFindingEnd[Long.numberOfTrailingZeros(bit)] = to;
        }
    }

    /** Where the class {@code bit}'s detector's last finding ended; -1 when it has none. */
    long lastFindingEnd(long bit) {
        return bit == 0 ? -1 : lastFindingEnd[Long.numberOfTrailingZeros(bit)];
    }

    /** Whether a candidate of {@code d} (context class {@code bit}) at {@code from} in {@code v} has its context. */
    boolean inContext(Detector d, long bit, long from, ValueRecord v, DecodedWindow window) {
        if ((v.classes & bit) != 0) {
            return true;
        }
        ContextRule rule = d.context();
        // A mark counts from the value's start, or under a same_object rule from where its
        // earlier siblings may speak for it (ValueRecord.siblingsFrom); never from before either.
        long earliest = rule.sameObject() ? v.siblingsFrom : v.start;
        long nearest = Math.max(earliest, from - rule.proximity());
        if (newest[Long.numberOfTrailingZeros(bit)] < nearest) {
            return false;
        }
        for (int k = 0; k < count; k++) {
            int i = newestIndex(k);
            long p = pos[i];
            if (p < nearest - disorder) {
                return false; // older marks lie before the nearest a context may be
            }
            if ((classes[i] & bit) == 0 || p > from || from - p > rule.proximity() || p < earliest
                    || keyed[i] && labelledBefore(bit, p, from) || otherKeyBetween(bit, p, from)) {
                continue;
            }
            if (!rule.sameLine() || noNewline(window, p, from)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a key that does not name the class's detector stands between the mark at
     * {@code mark} and {@code from}: the candidate is that key's value, and what was said before
     * the key was about something else ({@code AWS_ACCESS_KEY_ID=…} two lines above
     * {@code APP_SECRET_KEY=<40 base64 chars>} does not make the latter an AWS secret).
     */
    private boolean otherKeyBetween(long bit, long mark, long from) {
        for (int k = 0; k < count; k++) {
            int i = newestIndex(k);
            long p = pos[i];
            if (p <= mark) {
                return false; // older marks from here on
            }
            if (keyed[i] && (classes[i] & bit) == 0 && p <= from) {
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
        head = 0;
        furthest = -1;
        disorder = 0;
        if (pos.length > 1024) {
            pos = new long[INITIAL_MARKS];
            classes = new long[INITIAL_MARKS];
            keyed = new boolean[INITIAL_MARKS];
        }
    }

    private static long[] filled(int n) {
        long[] a = new long[n];
        Arrays.fill(a, -1);
        return a;
    }
}
