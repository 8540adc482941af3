package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ContextRule#normalizesTo} reads a key in place exactly as {@link ContextRule#normalize} would. */
class ContextRuleNormalizesToTest {
    private static final String ALPHABET = "aAbBcCkKyYzZ09_-. :\u00e9\u00c9[]";

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aKeyNormalizesToWhatNormalizeWrites(long seed) {
        Random r = new Random(seed);
        String key = key(r);
        String other = r.nextInt(3) == 0 ? key.toUpperCase(java.util.Locale.ROOT).replace('_', '-') : key(r);
        String normalized = ContextRule.normalize(other);
        assertEquals(ContextRule.normalize(key).equals(normalized), ContextRule.normalizesTo(key, normalized),
                () -> key + " against " + normalized);
        assertTrue(ContextRule.normalizesTo(key, ContextRule.normalize(key)), key);
    }

    @Test
    void separatorsAndCaseAreNotRead() {
        assertTrue(ContextRule.normalizesTo("Account-Key", "accountkey"));
        assertTrue(ContextRule.normalizesTo("BASIC", "basic"));
        assertFalse(ContextRule.normalizesTo("basics", "basic"));
        assertFalse(ContextRule.normalizesTo("basi", "basic"));
        assertFalse(ContextRule.normalizesTo("api_key", "auth"));
        assertTrue(ContextRule.normalizesTo("-_-", ""));
    }

    private static String key(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(12); i > 0; i--) {
            sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
