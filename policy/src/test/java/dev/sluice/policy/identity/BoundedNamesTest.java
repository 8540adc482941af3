package dev.sluice.policy.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BoundedNamesTest {

    @Test
    void configuredNamesAlwaysPassThenFirstSeenThenOther() {
        BoundedNames names = new BoundedNames(Set.of("checkout", "billing"), 2);
        assertEquals("web", names.label("web"));
        assertEquals("ledger", names.label("ledger"));
        assertEquals("other", names.label("search"));
        assertEquals("checkout", names.label("checkout"));
        assertEquals("web", names.label("web"));
        assertEquals("unknown", names.label(null));
        assertEquals(2, names.admittedCount());
    }

    @Test
    void zeroSeenAdmitsOnlyConfigured() {
        BoundedNames names = new BoundedNames(Set.of("a"), 0);
        assertEquals("a", names.label("a"));
        assertEquals("other", names.label("b"));
    }

    /** Under contention exactly maxSeen names are admitted, and an admitted name stays admitted. */
    @Test
    void concurrentCallersNeverAdmitMoreThanTheBound() throws Exception {
        int max = 37;
        BoundedNames names = new BoundedNames(Set.of(), max);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        Set<String> admitted = ConcurrentHashMap.newKeySet();
        List<Future<?>> fs = new java.util.ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int seed = t;
            fs.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 2000; i++) {
                    String n = "svc-" + ((i * 7 + seed) % 300);
                    String label = names.label(n);
                    assertTrue(label.equals(n) || label.equals("other"));
                    if (label.equals(n)) {
                        admitted.add(n);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : fs) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(max, names.admittedCount());
        assertEquals(max, admitted.size());
        for (String n : new HashSet<>(admitted)) {
            assertEquals(n, names.label(n));
        }
    }
}
