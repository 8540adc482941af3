package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A search of the marks stops at the first mark too far before what it looks for, which is exact
 * only as far as marks arrive in stream order: the ring tracks how far one came before another
 * added earlier, and every search must find what a look at every mark finds, in order or not.
 */
class ContextMarksTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void findsWhatALookAtEveryMarkFinds(long seed) {
        Random r = new Random(seed);
        ContextMarks marks = new ContextMarks();
        List<long[]> all = new ArrayList<>();
        long at = 0;
        // Seeds 1-3 add marks in stream order, as the session does; 4-6 now and then one earlier.
        boolean disordered = seed > 3;
        for (int i = 0; i < 4_000; i++) {
            at += r.nextInt(40);
            long pos = disordered && r.nextInt(50) == 0 ? Math.max(0, at - r.nextInt(5_000)) : at;
            long classes = 1L << r.nextInt(6);
            marks.add(classes, pos, r.nextBoolean());
            all.add(new long[] {pos, classes});
        }
        for (int q = 0; q < 3_000; q++) {
            long from = r.nextInt((int) at + 1);
            long to = from + r.nextInt(300);
            long mask = 1L << r.nextInt(6);
            boolean expected = all.stream().anyMatch(m -> (m[1] & mask) != 0 && m[0] >= from && m[0] <= to);
            assertEquals(expected, marks.anyWithin(mask, from, to), "seed " + seed + ": [" + from + ", " + to + "]");
        }
    }
}
