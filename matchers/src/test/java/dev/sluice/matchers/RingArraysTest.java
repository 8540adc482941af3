package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/** Unrolling a ring keeps its entries in order, oldest first, for every head and count. */
class RingArraysTest {
    @RepeatedTest(200)
    void unrolledRingHoldsTheEntriesInOrder(RepetitionInfo info) {
        SplittableRandom random = new SplittableRandom(info.getCurrentRepetition());
        int length = 1 + random.nextInt(16);
        int head = random.nextInt(length);
        int count = random.nextInt(length + 1);
        long[] longs = new long[length];
        int[] ints = new int[length];
        boolean[] flags = new boolean[length];
        String[] names = new String[length];
        long[] expectLongs = new long[length * 2];
        int[] expectInts = new int[length * 2];
        boolean[] expectFlags = new boolean[length * 2];
        String[] expectNames = new String[length * 2];
        for (int k = 0; k < count; k++) {
            int i = (head + k) % length;
            longs[i] = expectLongs[k] = random.nextLong();
            ints[i] = expectInts[k] = random.nextInt();
            flags[i] = expectFlags[k] = random.nextBoolean();
            names[i] = expectNames[k] = "v" + k;
        }
        assertArrayEquals(expectLongs, RingArrays.unroll(longs, head, count, length * 2));
        assertArrayEquals(expectInts, RingArrays.unroll(ints, head, count, length * 2));
        assertArrayEquals(expectFlags, RingArrays.unroll(flags, head, count, length * 2));
        assertArrayEquals(expectNames, RingArrays.unroll(names, head, count, length * 2));
    }
}
