package dev.sluice.matchers;

import java.util.Arrays;

/**
 * Candidates of a {@link ScanSession} waiting for their look-ahead: expression id, start and
 * end in the decoded stream, in the order Hyperscan reported them. Bounded: past
 * {@link #MAX_CANDIDATES} a new candidate is refused, and the session counts it as dropped.
 */
final class PendingCandidates {
    static final int MAX_CANDIDATES = 65536;
    /** Ends kept per start and expression; past this the longest stands for the rest. */
    private static final int MAX_ENDS_PER_START = 8;

    private int[] expr = new int[64];
    private long[] from = new long[64];
    private long[] to = new long[64];
    private int count;

    /** Adds a candidate; false when the bound refused it. */
    boolean add(int id, long start, long end) {
        // Hyperscan reports every end of a match that can grow; each end is its own candidate
        // (a shorter one may be the valid one), but past a few the longest stands for the rest.
        int same = 0;
        for (int i = count - 1; i >= 0 && i >= count - 32; i--) {
            if (expr[i] == id && from[i] == start) {
                if (++same >= MAX_ENDS_PER_START) {
                    to[i] = Math.max(to[i], end);
                    return true;
                }
            }
        }
        if (count == expr.length) {
            if (count >= MAX_CANDIDATES) {
                return false;
            }
            expr = Arrays.copyOf(expr, count * 2);
            from = Arrays.copyOf(from, count * 2);
            to = Arrays.copyOf(to, count * 2);
        }
        expr[count] = id;
        from[count] = start;
        to[count] = end;
        count++;
        return true;
    }

    int size() {
        return count;
    }

    int expr(int i) {
        return expr[i];
    }

    long from(int i) {
        return from[i];
    }

    long to(int i) {
        return to[i];
    }

    /** Moves candidate {@code i} to slot {@code kept} while compacting; {@code kept <= i}. */
    void keep(int i, int kept) {
        expr[kept] = expr[i];
        from[kept] = from[i];
        to[kept] = to[i];
    }

    void truncate(int n) {
        count = n;
    }

    /** Slots the arrays have room for. */
    int capacity() {
        return expr.length;
    }

    /** Whether a candidate starts in {@code [start, end)}. */
    boolean anyStartIn(long start, long end) {
        for (int i = 0; i < count; i++) {
            if (from[i] >= start && from[i] < end) {
                return true;
            }
        }
        return false;
    }

    /** The lowest start of a waiting candidate, or {@code Long.MAX_VALUE}. */
    long minFrom() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            min = Math.min(min, from[i]);
        }
        return min;
    }
}
