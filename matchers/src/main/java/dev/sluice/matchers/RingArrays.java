package dev.sluice.matchers;

import java.util.Arrays;

/**
 * Grows the parallel arrays of a ring buffer: each {@code unroll} copies the {@code count}
 * entries that start at {@code head} (wrapping at the ring's end) to the front of a new array
 * of {@code length}, oldest first, so the grown ring starts at index 0. Two array copies per
 * array instead of an index computation per entry; rings of any length, not only powers of two.
 */
public final class RingArrays {
    private RingArrays() {
    }

    public static long[] unroll(long[] ring, int head, int count, int length) {
        return copy(ring, ring.length, head, count, new long[length]);
    }

    public static int[] unroll(int[] ring, int head, int count, int length) {
        return copy(ring, ring.length, head, count, new int[length]);
    }

    public static boolean[] unroll(boolean[] ring, int head, int count, int length) {
        return copy(ring, ring.length, head, count, new boolean[length]);
    }

    public static <T> T[] unroll(T[] ring, int head, int count, int length) {
        return copy(ring, ring.length, head, count, Arrays.copyOf(Arrays.copyOf(ring, 0), length));
    }

    /** {@code System.arraycopy} takes any array: one body serves every element type. */
    private static <A> A copy(Object ring, int ringLength, int head, int count, A out) {
        int first = Math.min(count, ringLength - head);
        System.arraycopy(ring, head, out, 0, first);
        System.arraycopy(ring, 0, out, first, count - first);
        return out;
    }
}
