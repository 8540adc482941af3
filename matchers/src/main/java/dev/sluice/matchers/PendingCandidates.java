package dev.sluice.matchers;

import java.util.Arrays;

/**
 * Candidates of a {@link ScanSession} waiting for their look-ahead: expression id, start and
 * end in the decoded stream, in the order they were reported until {@link #sortByEnd}. Bounded: past
 * {@link #MAX_CANDIDATES} a new candidate is refused, and the session counts it as dropped.
 */
final class PendingCandidates {
    static final int MAX_CANDIDATES = 65536;
    /** Ends kept per start and expression; past this the longest stands for the rest. */
    private static final int MAX_ENDS_PER_START = 8;
    /** How many of the newest candidates are searched for others of the same start. */
    private static final int RECENT = 32;
    private static final int BUCKET_BITS = 6;

    private int[] expr = new int[64];
    private long[] from = new long[64];
    private long[] to = new long[64];
    /** What a merge writes into, then the candidates' arrays in turn; grown with them. */
    private int[] mergedExpr = new int[0];
    private long[] mergedFrom = new long[0];
    private long[] mergedTo = new long[0];
    /** Where each ascending run begins, then where the last ends, for the merge. */
    private int[] runStarts = new int[16];
    private int count;
    /**
     * Per hash bucket of (expression, start): how many of the {@link #RECENT} newest candidates
     * fall in it. Most candidates are the first few of their start, and the bucket says so
     * without the search.
     */
    private final byte[] recent = new byte[1 << BUCKET_BITS];

    /** Adds a candidate; false when the bound refused it. */
    boolean add(int id, long start, long end) {
        // Hyperscan reports every end of a match that can grow; each end is its own candidate
        // (a shorter one may be the valid one), but past a few the longest stands for the rest.
        int bucket = bucket(id, start);
        if (recent[bucket] >= MAX_ENDS_PER_START) {
            int same = 0;
            for (int i = count - 1; i >= 0 && i >= count - RECENT; i--) {
                if (expr[i] == id && from[i] == start) {
                    if (++same >= MAX_ENDS_PER_START) {
                        to[i] = Math.max(to[i], end);
                        return true;
                    }
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
        recent[bucket]++;
        if (count >= RECENT) {
            recent[bucket(expr[count - RECENT], from[count - RECENT])]--;
        }
        count++;
        return true;
    }

    private static int bucket(int id, long start) {
        return (int) (((start << 16) + id) * 0x9E3779B97F4A7C15L >>> (64 - BUCKET_BITS));
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

    /**
     * Orders the candidates by end, then start, then expression: the order one database would
     * have reported them in. Candidates of the context database and of class runs arrive after
     * the main database's for the same stream write, and the order in which candidates are
     * confirmed matters (a key labels one value: the first finding after it takes it), so
     * without this the findings would depend on where writes were cut. They come as a few runs
     * already in order (one per database or Java scan), which are merged: an insertion sort
     * moved each late arrival past every earlier one, and a body of nothing but candidates (a
     * dotted run, where every four numbers are an IPv4 address) cost seconds per MiB.
     */
    void sortByEnd() {
        int n = 0;
        for (int i = 1; i < count; i++) {
            if (precedes(i, i - 1)) {
                if (n + 2 >= runStarts.length) {
                    runStarts = Arrays.copyOf(runStarts, 2 * runStarts.length);
                }
                runStarts[++n] = i;
            }
        }
        if (n > 0) {
            mergeRuns(n + 1);
        }
    }

    private boolean precedes(int i, int j) {
        return precedes(to[i], from[i], expr[i], to[j], from[j], expr[j]);
    }

    /**
     * Merges the {@code n} ascending runs the candidates form, pairwise until one is left;
     * {@link #runStarts} holds where each run but the first begins, from index 1.
     */
    private void mergeRuns(int n) {
        if (mergedExpr.length < count) {
            mergedExpr = new int[expr.length];
            mergedFrom = new long[expr.length];
            mergedTo = new long[expr.length];
        }
        int[] bounds = runStarts;
        bounds[0] = 0;
        bounds[n] = count;
        int[] e1 = expr;
        long[] f1 = from;
        long[] t1 = to;
        int[] e2 = mergedExpr;
        long[] f2 = mergedFrom;
        long[] t2 = mergedTo;
        while (n > 1) {
            int merged = 0;
            for (int r = 0; r < n; r += 2) {
                int lo = bounds[r];
                int mid = bounds[Math.min(r + 1, n)];
                int hi = bounds[Math.min(r + 2, n)];
                merge(e1, f1, t1, e2, f2, t2, lo, mid, hi);
                bounds[merged++] = lo;
            }
            bounds[merged] = count;
            n = merged;
            int[] e = e1;
            e1 = e2;
            e2 = e;
            long[] f = f1;
            f1 = f2;
            f2 = f;
            long[] t = t1;
            t1 = t2;
            t2 = t;
        }
        if (e1 != expr) {
            // The merged order ended in the other arrays: they become the candidates'.
            mergedExpr = expr;
            mergedFrom = from;
            mergedTo = to;
            expr = e1;
            from = f1;
            to = t1;
        }
    }

    /** Merges the ordered ranges {@code [lo, mid)} and {@code [mid, hi)} of the first arrays into the second. */
    private static void merge(int[] e1, long[] f1, long[] t1, int[] e2, long[] f2, long[] t2, int lo, int mid, int hi) {
        int a = lo;
        int b = mid;
        for (int k = lo; k < hi; k++) {
            boolean fromB = a >= mid || b < hi && precedes(t1[b], f1[b], e1[b], t1[a], f1[a], e1[a]);
            int src = fromB ? b++ : a++;
            e2[k] = e1[src];
            f2[k] = f1[src];
            t2[k] = t1[src];
        }
    }

    /** Whether the candidate (t1, f1, e1) comes strictly before (t2, f2, e2): by end, start, expression. */
    private static boolean precedes(long t1, long f1, int e1, long t2, long f2, int e2) {
        return t1 < t2 || t1 == t2 && (f1 < f2 || f1 == f2 && e1 < e2);
    }

    /** Moves candidate {@code i} to slot {@code kept} while compacting; {@code kept <= i}. */
    void keep(int i, int kept) {
        expr[kept] = expr[i];
        from[kept] = from[i];
        to[kept] = to[i];
    }

    void truncate(int n) {
        count = n;
        Arrays.fill(recent, (byte) 0);
        for (int i = Math.max(0, n - RECENT); i < n; i++) {
            recent[bucket(expr[i], from[i])]++;
        }
    }

    /** Slots the arrays have room for. */
    int capacity() {
        return Math.max(expr.length, mergedExpr.length);
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
