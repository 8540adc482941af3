package dev.sluice.policy.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.matchers.Category;
import dev.sluice.matchers.Direction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class InMemoryBudgetStoreTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final InMemoryBudgetStore store = new InMemoryBudgetStore(now::get);

    private static Budget cards(int max, int maxTokens) {
        return new Budget("cards", Set.of("credit_card"), Set.of(), max, Duration.ofMinutes(10), Duration.ofMinutes(30),
                maxTokens, Direction.RESPONSE);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private static List<String> values(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    @Test
    void countsDistinctValuesNotOccurrences() {
        Budget b = cards(3, 100);
        assertEquals(new BudgetCheck(BudgetCheck.Status.WITHIN, 2), store.record(b, "t", List.of("a", "b", "a")));
        assertEquals(2, store.record(b, "t", List.of("b", "a")).distinct());
        assertEquals(3, store.record(b, "t", List.of("c")).distinct());
    }

    @Test
    void goingOverBlocksThatBodyAndCoolsDown() {
        Budget b = cards(3, 100);
        store.record(b, "t", List.of("a", "b", "c"));
        assertEquals(BudgetCheck.Status.TRIPPED, store.record(b, "t", List.of("d")).status());
        advance(Duration.ofMinutes(29));
        assertEquals(BudgetCheck.Status.COOLING_DOWN, store.record(b, "t", List.of()).status());
        assertEquals(BudgetCheck.Status.COOLING_DOWN, store.record(b, "t", List.of("a")).status());
        advance(Duration.ofMinutes(1));
        BudgetCheck after = store.record(b, "t", List.of("a"));
        assertEquals(new BudgetCheck(BudgetCheck.Status.WITHIN, 1), after, "cool-down over, counting starts afresh");
        assertEquals(BudgetCheck.Status.WITHIN, store.record(b, "other", List.of("a", "b", "c")).status(),
                "tokens are independent");
    }

    @Test
    void oneBodyOverTheBudgetTripsAtOnce() {
        assertEquals(BudgetCheck.Status.TRIPPED, store.record(cards(3, 100), "t", values("v", 4)).status());
    }

    @Test
    void valuesLeaveTheWindowAndSeeingOneAgainKeepsIt() {
        Budget b = cards(3, 100);
        store.record(b, "t", List.of("a", "b"));
        advance(Duration.ofMinutes(6));
        store.record(b, "t", List.of("a", "c"));
        advance(Duration.ofMinutes(5));
        // b (seen 11 minutes ago) has left the window; a and c (5 minutes ago) have not.
        assertEquals(new BudgetCheck(BudgetCheck.Status.WITHIN, 3), store.record(b, "t", List.of("d")));
        assertEquals(BudgetCheck.Status.TRIPPED, store.record(b, "t", List.of("e")).status());
    }

    @Test
    void theWholeWindowExpiring() {
        Budget b = cards(2, 100);
        store.record(b, "t", List.of("a", "b"));
        advance(Duration.ofMinutes(10));
        assertEquals(2, store.record(b, "t", List.of("c", "d")).distinct());
    }

    @Test
    void noValuesAndNoStateAllocatesNothing() {
        assertEquals(BudgetCheck.WITHIN_EMPTY, store.record(cards(3, 100), "t", List.of()));
        assertEquals(0, store.trackedTokens("cards"));
    }

    @Test
    void nullHashesAreNotCounted() {
        List<String> hashes = new ArrayList<>();
        hashes.add(null);
        hashes.add("a");
        assertEquals(1, store.record(cards(3, 100), "t", hashes).distinct());
    }

    @Test
    void leastRecentlySeenTokensAreEvictedAtTheBound() {
        Budget b = cards(5, 32);
        for (int i = 0; i < 1000; i++) {
            store.record(b, "token-" + i, List.of("a"));
        }
        assertTrue(store.trackedTokens("cards") <= 32, "tracked " + store.trackedTokens("cards"));
        assertTrue(store.evictions() >= 1000 - 32);
    }

    @Test
    void evictionSparesCoolingDownTokensWhenItCan() {
        Budget b = cards(1, 4 * InMemoryBudgetStore.STRIPES);
        store.record(b, "blocked", List.of("a", "b"));
        assertEquals(BudgetCheck.Status.COOLING_DOWN, store.record(b, "blocked", List.of()).status());
        for (int i = 0; i < 2000; i++) {
            store.record(b, "flood-" + i, List.of("x"));
        }
        assertTrue(store.evictions() > 1900);
        assertEquals(BudgetCheck.Status.COOLING_DOWN, store.record(b, "blocked", List.of()).status());
    }

    /** Random streams against a simple model of the rules: same verdicts, memory within bounds. */
    @RepeatedTest(10)
    void agreesWithAModel(RepetitionInfo info) {
        Random rnd = new Random(86028121L * info.getCurrentRepetition());
        Budget b = new Budget("m", Set.of(), Set.of(Category.PII), 1 + rnd.nextInt(6), Duration.ofSeconds(60),
                Duration.ofSeconds(30), 1_000, Direction.RESPONSE);
        List<long[]> seen = new ArrayList<>();
        List<String> seenValue = new ArrayList<>();
        long coolUntil = Long.MIN_VALUE;
        for (int step = 0; step < 500; step++) {
            advance(Duration.ofSeconds(rnd.nextInt(8)));
            long t = now.get();
            Set<String> body = new HashSet<>();
            int k = rnd.nextInt(3);
            for (int i = 0; i < k; i++) {
                body.add("v" + rnd.nextInt(12));
            }
            BudgetCheck.Status expected;
            if (t < coolUntil) {
                expected = BudgetCheck.Status.COOLING_DOWN;
            } else {
                for (int i = seen.size() - 1; i >= 0; i--) {
                    if (t - seen.get(i)[0] >= Duration.ofSeconds(60).toNanos()) {
                        seen.remove(i);
                        seenValue.remove(i);
                    }
                }
                Set<String> union = new HashSet<>(seenValue);
                union.addAll(body);
                if (union.size() > b.maxDistinct()) {
                    expected = BudgetCheck.Status.TRIPPED;
                    coolUntil = t + Duration.ofSeconds(30).toNanos();
                    seen.clear();
                    seenValue.clear();
                } else {
                    expected = BudgetCheck.Status.WITHIN;
                    for (String v : body) {
                        int at = seenValue.indexOf(v);
                        if (at >= 0) {
                            seen.remove(at);
                            seenValue.remove(at);
                        }
                        seen.add(new long[] {t});
                        seenValue.add(v);
                    }
                }
            }
            BudgetCheck got = store.record(b, "tok", body);
            assertEquals(expected, got.status(), "step " + step);
            if (got.status() == BudgetCheck.Status.WITHIN) {
                assertEquals(seenValue.size(), got.distinct(), "step " + step);
                assertTrue(got.distinct() <= b.maxDistinct());
            }
        }
    }

    @Test
    void budgetsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Budget("b", Set.of(), Set.of(), 1, Duration.ofMinutes(1),
                Duration.ZERO, 1, Direction.RESPONSE));
        assertThrows(IllegalArgumentException.class, () -> cards(0, 1));
        assertThrows(IllegalArgumentException.class, () -> cards(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Budget("b", Set.of("x"), Set.of(), 1, Duration.ZERO,
                Duration.ZERO, 1, Direction.RESPONSE));
    }

    @Test
    void countersAddUpByBudget() {
        BudgetCounters c = new BudgetCounters();
        c.recordBlock("cards");
        c.recordBlock("cards");
        c.recordTrip("cards");
        c.recordBlock("ssn");
        assertEquals(2, c.blocks("cards"));
        assertEquals(1, c.trips("cards"));
        assertEquals(0, c.blocks("none"));
        assertEquals(java.util.Map.of("cards", 2L, "ssn", 1L), c.blocksByBudget());
    }
}
