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
        long[] out = new long[length];
        int first = firstRun(ring.length, head, count);
        System.arraycopy(ring, head, out, 0, first);
        System.arraycopy(ring, 0, out, first, count - first);
        return out;
    }

    public static int[] unroll(int[] ring, int head, int count, int length) {
        int[] out = new int[length];
        int first = firstRun(ring.length, head, count);
        System.arraycopy(ring, head, out, 0, first);
        System.arraycopy(ring, 0, out, first, count - first);
        return out;
    }

    public static boolean[] unroll(boolean[] ring, int head, int count, int length) {
        boolean[] out = new boolean[length];
        int first = firstRun(ring.length, head, count);
        System.arraycopy(ring, head, out, 0, first);
        System.arraycopy(ring, 0, out, first, count - first);
        return out;
    }

    public static <T> T[] unroll(T[] ring, int head, int count, int length) {
        T[] out = Arrays.copyOf(Arrays.copyOf(ring, 0), length);
        int first = firstRun(ring.length, head, count);
        System.arraycopy(ring, head, out, 0, first);
        System.arraycopy(ring, 0, out, first, count - first);
        return out;
    }

    /** How many of the entries lie between {@code head} and the ring's end. */
    private static int firstRun(int ringLength, int head, int count) {
        return Math.min(count, ringLength - head);
    }
}
