package dev.sluice.matchers;

/**
 * The most recent decoded bytes of one body, in a ring: what validators, key extraction and
 * previews read after Hyperscan has reported a match. Positions are stream positions (every
 * byte ever appended counts, separators included). Capacity is fixed at construction, so a
 * session's memory does not grow with the body beyond it; the ring starts small and doubles up
 * to the capacity while the body is shorter, because most API bodies are a few hundred bytes
 * and a full-size ring per body cost more than scanning them.
 */
final class DecodedWindow {
    private static final int INITIAL = 1024;
    private static final int SHORT = 16;
    private final int capacity;
    private byte[] ring;
    private int mask;
    private long end;

    /** {@code capacity} must be a power of two. */
    DecodedWindow(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        this.capacity = capacity;
        this.ring = new byte[Math.min(capacity, INITIAL)];
        this.mask = ring.length - 1;
    }

    void append(byte b) {
        if (end >= ring.length && ring.length < capacity) {
            grow(end + 1);
        }
        ring[(int) (end & mask)] = b;
        end++;
    }

    /**
     * Grows the ring to hold {@code needed} bytes (at most the capacity). Only called before the
     * ring has wrapped, so every byte already sits at its own position and is copied in place.
     */
    private void grow(long needed) {
        int size = ring.length;
        while (size < needed && size < capacity) {
            size <<= 1;
        }
        ring = java.util.Arrays.copyOf(ring, size);
        mask = size - 1;
    }

    void append(byte[] buf, int off, int len) {
        if (end + len > ring.length && ring.length < capacity) {
            grow(end + len);
        }
        int at0 = (int) (end & mask);
        if (len <= SHORT && at0 + len <= ring.length) {
            // Most values are a few bytes: a plain loop beats the fixed cost of arraycopy.
            for (int i = 0; i < len; i++) {
                ring[at0 + i] = buf[off + i];
            }
            end += len;
            return;
        }
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
        return capacity;
    }

    /**
     * Starts over at position 0 for another body, keeping the ring as far as it has grown. The
     * bytes of the last body are zeroed: decoded values must not outlive their body in a buffer
     * kept for the next one.
     */
    void clear() {
        java.util.Arrays.fill(ring, 0, (int) Math.min(end, ring.length), (byte) 0);
        end = 0;
    }
}
