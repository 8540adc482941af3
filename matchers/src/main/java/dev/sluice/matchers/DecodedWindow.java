package dev.sluice.matchers;

/**
 * The most recent decoded bytes of one body, in a ring: what validators, key extraction and
 * previews read after Hyperscan has reported a match. Positions are stream positions (every
 * byte ever appended counts, separators included). Capacity is fixed at construction, so a
 * session's memory does not grow with the body.
 */
final class DecodedWindow {
    private final byte[] ring;
    private final int mask;
    private long end;

    /** {@code capacity} must be a power of two. */
    DecodedWindow(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        this.ring = new byte[capacity];
        this.mask = capacity - 1;
    }

    void append(byte b) {
        ring[(int) (end & mask)] = b;
        end++;
    }

    void append(byte[] buf, int off, int len) {
        while (len > 0) {
            int at = (int) (end & mask);
            int n = Math.min(len, ring.length - at);
            System.arraycopy(buf, off, ring, at, n);
            off += n;
            len -= n;
            end += n;
        }
    }

    /** Position one past the last appended byte. */
    long end() {
        return end;
    }

    /** Oldest position still held. */
    long start() {
        return Math.max(0, end - ring.length);
    }

    boolean holds(long from, long to) {
        return from >= start() && to <= end && from <= to;
    }

    /** The byte at {@code p}, unsigned; {@code p} must be held. */
    int at(long p) {
        return ring[(int) (p & mask)] & 0xFF;
    }

    /** Copies {@code [from, from + len)} into {@code dst}; the range must be held. */
    void copy(long from, byte[] dst, int dstOff, int len) {
        while (len > 0) {
            int at = (int) (from & mask);
            int n = Math.min(len, ring.length - at);
            System.arraycopy(ring, at, dst, dstOff, n);
            from += n;
            dstOff += n;
            len -= n;
        }
    }

    int capacity() {
        return ring.length;
    }
}
