package dev.sluice.matchers.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Entropy against a textbook computation, the scratch table left clean between calls, and the
 * {@code c ln c} table giving the very doubles computed on the spot.
 */
class EntropyTest {

    static double reference(byte[] b) {
        Map<Byte, Integer> counts = new HashMap<>();
        for (byte x : b) {
            counts.merge(x, 1, Integer::sum);
        }
        double h = 0;
        for (int c : counts.values()) {
            double p = (double) c / b.length;
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void matchesTheTextbookFormula(long seed) {
        Random rnd = new Random(seed);
        for (int k = 0; k < 3000; k++) {
            byte[] b = new byte[2 + rnd.nextInt(300)];
            int alphabet = 1 + rnd.nextInt(256);
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) rnd.nextInt(alphabet);
            }
            assertEquals(reference(b), Entropy.bits(b, 0, b.length), 1e-9);
            assertEquals(reference(b), Entropy.bits(b, 0, b.length), 1e-9, "table not cleared");
        }
        assertEquals(0.0, Entropy.bits(new byte[0], 0, 0));
        assertEquals(0.0, Entropy.bits(new byte[] {7}, 0, 1));
    }

    @Test
    void theTableHoldsWhatEachCountComputes() {
        for (int round = 0; round < 50; round++) { // the same again once this loop is compiled
            for (int c = 1; c < Entropy.TABLED + 8; c++) {
                assertEquals(Double.doubleToRawLongBits(c * Math.log(c)), Double.doubleToRawLongBits(Entropy.cLnC(c)),
                        "count " + c);
            }
        }
    }
}
