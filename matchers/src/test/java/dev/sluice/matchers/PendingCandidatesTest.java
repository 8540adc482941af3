package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Past eight ends per start and expression among the 32 newest candidates, the longest end
 * stands for the rest; the count of recent candidates per bucket only skips the search, so the
 * list must be exactly what the plain search over the newest 32 gives. Sorting by end merges the
 * runs the candidates arrive in into the order a plain sort gives.
 */
class PendingCandidatesTest {
    private static final Comparator<long[]> BY_END = Comparator.<long[]>comparingLong(c -> c[2])
            .thenComparingLong(c -> c[1]).thenComparingLong(c -> c[0]);

    /**
     * Candidates arrive as a few ascending runs (one per database or Java scan of a write), or in
     * no order at all; sorted, kept in part and sorted again with more, as a session does across
     * writes, they are always in the plain sort's order.
     */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18})
    void sortsAsAPlainSortDoes(long seed) {
        Random r = new Random(seed);
        PendingCandidates pending = new PendingCandidates();
        List<long[]> plain = new ArrayList<>();
        long base = 0;
        for (int write = 0; write < 40; write++) {
            int runs = r.nextInt(5) == 0 ? 0 : 1 + r.nextInt(4);
            int perRun = r.nextInt(3) == 0 ? 1 + r.nextInt(5) : r.nextInt(3_000);
            for (int run = 0; run < Math.max(runs, 1); run++) {
                long end = base + r.nextInt(50);
                for (int k = 0; k < perRun; k++) {
                    // runs == 0: no order at all; else ascending within the run
                    end = runs == 0 ? base + r.nextInt(20_000) : end + r.nextInt(3);
                    int id = r.nextInt(4);
                    long start = Math.max(0, end - 1 - r.nextInt(30));
                    pending.add(id, start, end);
                    addPlain(plain, id, start, end);
                }
            }
            pending.sortByEnd();
            plain.sort(BY_END);
            assertSame(plain, pending, "seed " + seed + ", write " + write);
            plain = keepSome(r, 4, draw -> draw == 0, pending, plain);
            base += 1_000;
        }
    }

    /**
     * Compacts as the session does, keeping the undecided candidates in order: a candidate stays
     * when {@code keeps} accepts a draw below {@code bound}. Returns the plain list's survivors.
     */
    private static List<long[]> keepSome(Random r, int bound, IntPredicate keeps, PendingCandidates pending,
                                         List<long[]> plain) {
        int kept = 0;
        List<long[]> survivors = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            if (keeps.test(r.nextInt(bound))) {
                pending.keep(i, kept++);
                survivors.add(plain.get(i));
            }
        }
        pending.truncate(kept);
        return survivors;
    }

    private static void assertSame(List<long[]> plain, PendingCandidates pending, String where) {
        assertEquals(plain.size(), pending.size(), where);
        for (int i = 0; i < plain.size(); i++) {
            long[] c = plain.get(i);
            assertEquals(c[2], pending.to(i), where + ": to " + i);
            assertEquals(c[1], pending.from(i), where + ": from " + i);
            assertEquals(c[0], pending.expr(i), where + ": expr " + i);
        }
    }

    /** The rule as a plain search over a list of {expr, from, to}. */
    private static void addPlain(List<long[]> list, int id, long start, long end) {
        int same = 0;
        for (int i = list.size() - 1; i >= 0 && i >= list.size() - 32; i--) {
            long[] c = list.get(i);
            if (c[0] == id && c[1] == start && ++same >= 8) {
                c[2] = Math.max(c[2], end);
                return;
            }
        }
        list.add(new long[] {id, start, end});
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void keepsWhatThePlainSearchKeeps(long seed) {
        Random r = new Random(seed);
        PendingCandidates pending = new PendingCandidates();
        List<long[]> plain = new ArrayList<>();
        long end = 0;
        for (int step = 0; step < 20_000; step++) {
            if (r.nextInt(500) == 0) {
                plain = keepSome(r, 3, draw -> draw > 0, pending, plain);
                continue;
            }
            // Few expressions and starts, so runs of the same start are common.
            int id = r.nextInt(2);
            end += r.nextInt(6) == 0 ? 1 : 0;
            long start = Math.max(0, end - 1 - r.nextInt(2));
            pending.add(id, start, end);
            addPlain(plain, id, start, end);
        }
        assertSame(plain, pending, "seed " + seed);
    }
}
