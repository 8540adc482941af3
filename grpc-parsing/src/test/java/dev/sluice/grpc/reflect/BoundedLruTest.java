package dev.sluice.grpc.reflect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class BoundedLruTest {

    @Test
    void evictsTheLeastRecentlyUsedEntry() {
        BoundedLru<String, Integer> lru = new BoundedLru<>(2);
        lru.put("a", 1);
        lru.put("b", 2);
        lru.get("a");
        lru.put("c", 3);
        assertNotNull(lru.get("a"));
        assertNull(lru.get("b"));
        assertNotNull(lru.get("c"));
    }

    @Test
    void evictsByWeightButKeepsTheNewest() {
        BoundedLru<String, Integer> lru = new BoundedLru<>(100, 10, Integer::longValue);
        lru.put("a", 4);
        lru.put("b", 4);
        lru.put("c", 4);
        assertNull(lru.get("a"));
        assertEquals(8, lru.weight());
        lru.put("huge", 50);
        assertEquals(1, lru.size(), "an entry heavier than the bound still stays, alone");
        assertEquals(50, lru.weight());
        lru.put("huge", 2);
        assertEquals(2, lru.weight(), "replacing a value replaces its weight");
    }

    @Test
    void rejectsNonPositiveBounds() {
        assertThrows(IllegalArgumentException.class, () -> new BoundedLru<String, String>(0));
    }

    /** Random puts, gets and removes (seeded): both bounds hold after every step and the weight adds up. */
    @RepeatedTest(20)
    void boundsHoldUnderRandomUse(RepetitionInfo repetition) {
        Random random = new Random(0xB0DL + repetition.getCurrentRepetition());
        int maxEntries = 1 + random.nextInt(8);
        long maxWeight = 1 + random.nextInt(40);
        BoundedLru<Integer, Integer> lru = new BoundedLru<>(maxEntries, maxWeight, Integer::longValue);
        Map<Integer, Integer> shadow = new HashMap<>();
        for (int step = 0; step < 500; step++) {
            int key = random.nextInt(16);
            switch (random.nextInt(3)) {
                case 0 -> {
                    int value = random.nextInt(12);
                    lru.put(key, value);
                    shadow.put(key, value);
                }
                case 1 -> lru.remove(key);
                default -> lru.get(key);
            }
            assertTrue(lru.size() <= maxEntries);
            assertTrue(lru.weight() <= maxWeight || lru.size() == 1);
            long sum = 0;
            for (int k = 0; k < 16; k++) {
                Integer v = lru.get(k);
                if (v != null) {
                    assertEquals(shadow.get(k), v, "a value is never stale");
                    sum += v;
                }
            }
            assertEquals(sum, lru.weight());
        }
    }
}
