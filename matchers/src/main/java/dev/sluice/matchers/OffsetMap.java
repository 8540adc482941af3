package dev.sluice.matchers;

/**
 * Maps decoded stream positions back to wire offsets. Parsers report runs of decoded bytes
 * either as verbatim (decoded byte {@code i} of the run came from wire byte {@code w + i}) or
 * as the output of one escape sequence ({@code \u0040} → {@code @}); a finding's start maps
 * to the wire start of its first byte and its end to the wire end of its last byte, so spans
 * cover escapes whole.
 *
 * <p>Entries older than the decoded window are pruned, so the table is bounded by the window
 * size (each entry covers at least one decoded byte). Adjacent verbatim runs are merged. The
 * ring's length is a power of two, so an index is a mask away.
 */
final class OffsetMap {
    private long[] dpos = new long[64];
    private long[] wire = new long[64];
    private int[] dlen = new int[64];
    /** Wire length of an escape entry, or -1 for a verbatim run. */
    private int[] wlen = new int[64];
    private int head;
    private int size;
    private final int maxEntries;

    /** {@code maxEntries} must be a power of two. */
    OffsetMap(int maxEntries) {
        if (Integer.bitCount(maxEntries) != 1 || maxEntries < dpos.length) {
            throw new IllegalArgumentException("maxEntries must be a power of two of at least 64: " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    void verbatim(long d, long w, int len) {
        if (size > 0) {
            int last = idx(size - 1);
            if (wlen[last] < 0 && dpos[last] + dlen[last] == d && wire[last] + dlen[last] == w) {
                dlen[last] += len;
                return;
            }
        }
        add(d, w, len, -1);
    }

    void escaped(long d, int len, long wStart, long wEnd) {
        add(d, wStart, len, (int) Math.min(Integer.MAX_VALUE, wEnd - wStart));
    }

    /**
     * What {@link #startOf} and {@link #endOf} answer for a byte not mapped. Not -1: bytes a
     * sequence of bodies replays from an earlier body have wire offsets before 0.
     */
    static final long UNKNOWN = Long.MIN_VALUE;

    /** Wire offset where the decoded byte at {@code d} starts; {@link #UNKNOWN} when unknown. */
    long startOf(long d) {
        int e = find(d);
        return e < 0 ? UNKNOWN : startIn(e, d);
    }

    /** Wire offset just past the decoded byte at {@code d}; {@link #UNKNOWN} when unknown. */
    long endOf(long d) {
        int e = find(d);
        return e < 0 ? UNKNOWN : endIn(e, d);
    }

    /** Wire offset where decoded byte {@code d} of entry {@code e} starts: an escape's start. */
    private long startIn(int e, long d) {
        return wlen[e] < 0 ? wire[e] + (d - dpos[e]) : wire[e];
    }

    /** Wire offset just past decoded byte {@code d} of entry {@code e}: an escape's end. */
    private long endIn(int e, long d) {
        return wlen[e] < 0 ? wire[e] + (d - dpos[e]) + 1 : wire[e] + wlen[e];
    }

    /**
     * Wire offset of the decoded byte at {@code d}, or of the first mapped byte after it (a
     * separator is not mapped); {@code Long.MAX_VALUE} when nothing at or after {@code d} is
     * mapped yet. A position older than the table answers with its oldest entry: findings there
     * can no longer be placed at all.
     */
    long wireAtOrAfter(long d) {
        int lo = 0;
        int hi = size - 1;
        int first = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int i = idx(mid);
            if (dpos[i] + dlen[i] > d) {
                first = i;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        if (first < 0) {
            return Long.MAX_VALUE;
        }
        return d >= dpos[first] ? startOf(d) : wire[first];
    }

    /**
     * The wire spans the decoded bytes {@code [from, to)} came from, in order, as start and end
     * pairs, touching spans joined and an escape counted whole; empty when a byte is not mapped.
     */
    long[] wireSpans(long from, long to) {
        long[] spans = new long[8];
        int n = 0;
        for (long d = from; d < to; ) {
            int e = find(d);
            if (e < 0) {
                return new long[0];
            }
            long stop = Math.min(to, dpos[e] + dlen[e]);
            long ws = startIn(e, d);
            long we = endIn(e, stop - 1);
            if (n > 0 && spans[n - 1] == ws) {
                spans[n - 1] = we;
            } else {
                if (n == spans.length) {
                    spans = java.util.Arrays.copyOf(spans, 2 * n);
                }
                spans[n++] = ws;
                spans[n++] = we;
            }
            d = stop;
        }
        return java.util.Arrays.copyOf(spans, n);
    }

    /** Forgets entries that end before {@code minD}. */
    void prune(long minD) {
        while (size > 0) {
            int first = idx(0);
            if (dpos[first] + dlen[first] > minD) {
                break;
            }
            head = (head + 1) & (dpos.length - 1);
            size--;
        }
    }

    private void add(long d, long w, int len, int wl) {
        if (size == dpos.length) {
            if (size >= maxEntries) {
                // Over the bound the oldest mapping goes first; findings that old can no longer be placed.
                head = (head + 1) & (dpos.length - 1);
                size--;
            } else {
                grow();
            }
        }
        int i = idx(size);
        dpos[i] = d;
        wire[i] = w;
        dlen[i] = len;
        wlen[i] = wl;
        size++;
    }

    private void grow() {
        int n = Math.min(maxEntries, dpos.length * 2);
        dpos = RingArrays.unroll(dpos, head, size, n);
        wire = RingArrays.unroll(wire, head, size, n);
        dlen = RingArrays.unroll(dlen, head, size, n);
        wlen = RingArrays.unroll(wlen, head, size, n);
        head = 0;
    }

    private int idx(int k) {
        return (head + k) & (dpos.length - 1);
    }

    /** Index of the entry holding {@code d}, or -1. Binary search over the ring. */
    private int find(long d) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int i = idx(mid);
            if (d < dpos[i]) {
                hi = mid - 1;
            } else if (d >= dpos[i] + dlen[i]) {
                lo = mid + 1;
            } else {
                return i;
            }
        }
        return -1;
    }

    /** Entries the ring holds. */
    int capacity() {
        return dpos.length;
    }

    /** Forgets every entry; entries past {@code size} are never read, so they stay as they are. */
    void clear() {
        head = 0;
        size = 0;
    }
}
