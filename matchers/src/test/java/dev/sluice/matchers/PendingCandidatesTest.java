package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Past eight ends per start and expression among the 32 newest candidates, the longest end
 * stands for the rest; the count of recent candidates per bucket only skips the search, so the
 * list must be exactly what the plain search over the newest 32 gives.
 */
class PendingCandidatesTest {

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
                // Compact as the session does: keep a random subset, in order.
                int kept = 0;
                List<long[]> survivors = new ArrayList<>();
                for (int i = 0; i < pending.size(); i++) {
                    if (r.nextInt(3) > 0) {
                        pending.keep(i, kept++);
                        survivors.add(plain.get(i));
                    }
                }
                pending.truncate(kept);
                plain = survivors;
                continue;
            }
            // Few expressions and starts, so runs of the same start are common.
            int id = r.nextInt(2);
            end += r.nextInt(6) == 0 ? 1 : 0;
            long start = Math.max(0, end - 1 - r.nextInt(2));
            pending.add(id, start, end);
            addPlain(plain, id, start, end);
        }
        assertEquals(plain.size(), pending.size());
        for (int i = 0; i < plain.size(); i++) {
            long[] c = plain.get(i);
            assertEquals(c[0], pending.expr(i), "expr " + i);
            assertEquals(c[1], pending.from(i), "from " + i);
            assertEquals(c[2], pending.to(i), "to " + i);
        }
    }
}
