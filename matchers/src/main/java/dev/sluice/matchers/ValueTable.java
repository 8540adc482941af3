package dev.sluice.matchers;

/**
 * The values of a session whose findings are not final yet, oldest first, in a ring of
 * reused {@link ValueRecord}s. Values never nest, so they are ordered by position and only
 * the oldest can retire. The ring's length is a power of two, so a slot is a mask away.
 */
final class ValueTable {
    private ValueRecord[] ring = new ValueRecord[16];
    private int head;
    private int size;
    /** Whether a value since the last clear had a path too long for a kept record to hold on to. */
    private boolean longPaths;

    /**
     * Opens the next value (see {@link ValueRecord#reset}). Records are made on first use: a
     * small body uses one or two, a session opens per body.
     */
    ValueRecord open(long index, long start, long classes, String key, String origin, FieldContext field) {
        if (size == ring.length) {
            grow();
        }
        int slot = (head + size) & (ring.length - 1);
        ValueRecord r = ring[slot];
        if (r == null) {
            r = new ValueRecord();
            ring[slot] = r;
        }
        size++;
        r.reset(index, start, classes, key, origin, field);
        longPaths |= r.path.length() > ValueRecord.MAX_KEPT_PATH;
        return r;
    }

    int size() {
        return size;
    }

    ValueRecord get(int k) {
        return ring[(head + k) & (ring.length - 1)];
    }

    ValueRecord last() {
        return size == 0 ? null : get(size - 1);
    }

    void retireOldest() {
        head = (head + 1) & (ring.length - 1);
        size--;
    }

    /** Records the ring holds, made or not. */
    int capacity() {
        return ring.length;
    }

    /**
     * Forgets every value, keeping the records for the next body (each is reset when reused);
     * path buffers that grew long are dropped.
     */
    void clear() {
        if (longPaths) {
            for (ValueRecord r : ring) {
                if (r != null) {
                    r.dropLongPath();
                }
            }
            longPaths = false;
        }
        head = 0;
        size = 0;
    }

    /** The value holding stream position {@code p}, or null (a separator, or retired). */
    ValueRecord find(long p) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            ValueRecord r = get(mid);
            if (p < r.start) {
                hi = mid - 1;
            } else if (!r.isOpen() && p >= r.end) {
                lo = mid + 1;
            } else {
                return r;
            }
        }
        return null;
    }

    private void grow() {
        ring = RingArrays.unroll(ring, head, size, ring.length * 2);
        head = 0;
    }
}
