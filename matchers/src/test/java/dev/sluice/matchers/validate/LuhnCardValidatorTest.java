package dev.sluice.matchers.validate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seeded properties: generated PANs of every brand pass; any single-digit change fails. */
class LuhnCardValidatorTest {
    /** Brand prefix and an accepted length. */
    private static final String[][] BRANDS = {
        {"4", "13"}, {"4", "16"}, {"4", "19"}, {"51", "16"}, {"53", "16"}, {"55", "16"}, {"2221", "16"}, {"2500", "16"},
        {"2720", "16"}, {"34", "15"}, {"37", "15"}, {"6011", "16"}, {"6011", "19"}, {"65", "16"}, {"644", "17"},
        {"649", "18"}, {"622126", "16"}, {"622925", "19"}, {"3528", "16"}, {"3589", "19"}, {"300", "14"},
        {"305", "19"}, {"36", "14"}, {"38", "16"}, {"39", "19"}, {"62", "16"}, {"62", "19"},
    };

    static String pan(Random rnd, String prefix, int n) {
        StringBuilder sb = new StringBuilder(prefix);
        while (sb.length() < n - 1) {
            sb.append((char) ('0' + rnd.nextInt(10)));
        }
        for (char check = '0'; check <= '9'; check++) {
            String candidate = sb.toString() + check;
            if (luhn(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("unreachable");
    }

    /** Independent Luhn: sum of digits of 2d at odd positions from the right. */
    static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            sum += i % 2 == 0 ? d : (2 * d) / 10 + (2 * d) % 10;
        }
        return sum % 10 == 0;
    }

    private static boolean card(String s) {
        return LuhnCardValidator.INSTANCE.test(ArrayCandidate.of(s));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20240115})
    void generatedPansOfEveryBrandPassAndSingleDigitChangesFail(long seed) {
        Random rnd = new Random(seed);
        for (String[] brand : BRANDS) {
            for (int k = 0; k < 20; k++) {
                String p = pan(rnd, brand[0], Integer.parseInt(brand[1]));
                assertTrue(card(p), "brand " + brand[0] + "/" + brand[1]);
                assertTrue(LuhnValidator.INSTANCE.test(ArrayCandidate.of(p)));
                int i = rnd.nextInt(p.length());
                char other = (char) ('0' + (p.charAt(i) - '0' + 1 + rnd.nextInt(9)) % 10);
                String mutated = p.substring(0, i) + other + p.substring(i + 1);
                assertFalse(card(mutated), "single-digit change at " + i);
                assertFalse(LuhnValidator.INSTANCE.test(ArrayCandidate.of(mutated)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 8, 9})
    void groupedFormsPassWithOneSeparatorKind(long seed) {
        Random rnd = new Random(seed);
        for (int k = 0; k < 200; k++) {
            String p = pan(rnd, "4", 16);
            String spaced = p.substring(0, 4) + " " + p.substring(4, 8) + " " + p.substring(8, 12) + " " + p.substring(12);
            assertTrue(card(spaced));
            assertTrue(card(spaced.replace(' ', '-')));
            assertFalse(card(spaced.replaceFirst(" ", "-")), "mixed separators");
            String amex = pan(rnd, "37", 15);
            assertTrue(card(amex.substring(0, 4) + " " + amex.substring(4, 10) + " " + amex.substring(10)));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12})
    void luhnValidNumbersOfNonCardPrefixOrLengthFail(long seed) {
        Random rnd = new Random(seed);
        for (int k = 0; k < 500; k++) {
            int n = 13 + rnd.nextInt(7);
            String p = pan(rnd, String.valueOf(1 + rnd.nextInt(9)), n);
            boolean expected = LuhnCardValidator.brandAccepts(Integer.parseInt(p.substring(0, 6)), n);
            assertTrue(card(p) == expected);
            if (p.charAt(0) == '1' || p.charAt(0) == '7' || p.charAt(0) == '8' || p.charAt(0) == '9') {
                assertFalse(card(p), "order-id prefix");
            }
        }
    }

    /**
     * A number named as a random value (an OAuth {@code nonce}, a {@code salt}, a {@code seed})
     * is that value even when it passes as a card; under a card's names, or none, it is a card.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20240115})
    void aNumberNamedAsARandomValueIsNoCard(long seed) {
        Random rnd = new Random(seed);
        String pan = pan(rnd, "4", 16);
        for (String key : new String[] {"nonce", "oauth_nonce", "nonceValue", "salt", "passwordSalt", "seed", "csrf_token",
            "Entropy"}) {
            assertFalse(LuhnCardValidator.INSTANCE.test(ArrayCandidate.of(pan).key(key)), key);
        }
        for (String key : new String[] {"card", "number", "cc_number", "pan", "seeded_card", "randomized"}) {
            assertTrue(LuhnCardValidator.INSTANCE.test(ArrayCandidate.of(pan).key(key)), key);
        }
        assertTrue(card(pan));
    }
}
