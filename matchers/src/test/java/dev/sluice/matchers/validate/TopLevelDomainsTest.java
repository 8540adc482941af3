package dev.sluice.matchers.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Real top-level domains, in any case, and made-up ones, also once a flood of them fills the cache. */
class TopLevelDomainsTest {
    static final String[] REAL = {"com", "io", "uk", "photography", "museum", "COM", "Dev", "xn--p1ai", "zip"};
    static final String[] MADE_UP = {"handler", "cluster", "svc", "comm", "zz", "local", "internal", "service",
        "xn--zzzz-invalid", "c"};

    @ParameterizedTest
    @FieldSource("REAL")
    void realOnesAreFound(String label) {
        assertTrue(contains(label), label);
        assertTrue(contains(label), label + ", answered from the cache");
    }

    @ParameterizedTest
    @FieldSource("MADE_UP")
    void madeUpOnesAreNot(String label) {
        assertFalse(contains(label), label);
        assertFalse(contains(label), label + ", answered from the cache");
    }

    /** Many more made-up labels than the cache holds, from four threads: every answer stays right. */
    @Test
    void aFloodOfMadeUpLabelsChangesNoAnswer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = 40 + t;
                wrong.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    int errors = 0;
                    for (int i = 0; i < 5_000; i++) {
                        StringBuilder label = new StringBuilder("q");
                        for (int k = 0, n = 6 + r.nextInt(6); k < n; k++) {
                            label.append((char) ('a' + r.nextInt(26)));
                        }
                        errors += contains(label.toString()) ? 1 : 0;
                        errors += contains(REAL[r.nextInt(REAL.length)]) ? 0 : 1;
                        errors += contains(MADE_UP[r.nextInt(MADE_UP.length)]) ? 1 : 0;
                    }
                    return errors;
                }));
            }
            for (Future<Integer> f : wrong) {
                assertEquals(0, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean contains(String label) {
        byte[] b = ("x." + label + ".").getBytes(StandardCharsets.US_ASCII);
        return TopLevelDomains.contains(b, 2, label.length());
    }
}
