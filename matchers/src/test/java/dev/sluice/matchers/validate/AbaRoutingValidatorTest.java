package dev.sluice.matchers.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seeded property: the validator agrees with the ABA rule on random nine-digit numbers. */
class AbaRoutingValidatorTest {

    static boolean reference(String d) {
        int p = Integer.parseInt(d.substring(0, 2));
        boolean range = p <= 12 || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p == 80;
        int[] w = {3, 7, 1, 3, 7, 1, 3, 7, 1};
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += w[i] * (d.charAt(i) - '0');
        }
        return range && sum % 10 == 0;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void agreesWithTheReferenceRule(long seed) {
        Random rnd = new Random(seed);
        int valid = 0;
        for (int k = 0; k < 20000; k++) {
            String d = String.format("%09d", rnd.nextInt(1_000_000_000));
            boolean expected = reference(d);
            valid += expected ? 1 : 0;
            assertEquals(expected, AbaRoutingValidator.INSTANCE.test(ArrayCandidate.of(d)), "routing number shape " + d.substring(0, 2));
            if (expected) {
                int i = rnd.nextInt(9);
                char other = (char) ('0' + (d.charAt(i) - '0' + 1 + rnd.nextInt(9)) % 10);
                String mutated = d.substring(0, i) + other + d.substring(i + 1);
                // Weights 3, 7 and 1 are coprime to 10: every single-digit change breaks the sum.
                assertEquals(false, AbaRoutingValidator.INSTANCE.test(ArrayCandidate.of(mutated)));
            }
        }
        assertEquals(true, valid > 100);
    }
}
