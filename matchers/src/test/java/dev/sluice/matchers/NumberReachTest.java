package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Short JSON numbers are left out of a session only when nothing of the catalog could match
 * them: the threshold comes from the catalog itself (built-in: passport numbers, six
 * characters), a custom detector lowers it, and a key a whole-value detector reads keeps
 * every number.
 */
class NumberReachTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "7", "-1", "10", "1.5", "-0.25", "1e5", "1E+5", "2e-3", "-0.0e-1", "12345"})
    void acceptsJsonNumbers(String s) {
        assertTrue(NumberReach.isJsonNumber(s.getBytes(StandardCharsets.US_ASCII)), s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "1.", ".5", "+1", "1e", "1e+", "-", "1-2", "--1", "1.2.3", "e5", "1ee5", "-.5"})
    void rejectsWhatJsonDoesNot(String s) {
        assertFalse(NumberReach.isJsonNumber(s.getBytes(StandardCharsets.US_ASCII)), s);
    }

    @Test
    void enumeratesEveryNumberOfALength() {
        byte[] ones = NumberReach.numbersOfLength(1);
        assertEquals(1 + 10 * 2, ones.length, "ten digits, each after a NUL");
        // Two bytes: 10..99 and -0..-9.
        assertEquals(1 + (90 + 10) * 3, NumberReach.numbersOfLength(2).length);
    }

    @Test
    void builtinCatalogSkipsNumbersShorterThanAPassportNumber() {
        try (MatchEngine engine = MatchEngine.builtin()) {
            assertEquals(6, engine.compiled(Direction.RESPONSE).shortestNumber());
            try (ScanSession s = engine.newSession(Direction.RESPONSE, m -> { })) {
                assertTrue(s.skipsNumber(field("qty"), 5));
                assertFalse(s.skipsNumber(field("qty"), 6));
                assertFalse(s.skipsNumber(field("password"), 4), "password_field reads every value under its key");
                assertFalse(s.skipsNumber(field("api_token"), 1), "generic_api_key reads every value under its key");
            }
        }
    }

    @Test
    void customDetectorForShortNumbersLowersTheThreshold() {
        String yaml = """
                detectors:
                  - id: badge_number
                    category: pii
                    max_length: 8
                    patterns:
                      - '\\b[0-9]{4}\\b'
                """;
        List<Detector> all = new ArrayList<>(DetectorCatalog.builtin().all());
        all.addAll(DetectorCatalogLoader.withBuiltinValidators()
                .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test"));
        try (MatchEngine engine = MatchEngine.compile(DetectorCatalog.of(all), ValueHasher.random())) {
            assertEquals(4, engine.compiled(Direction.RESPONSE).shortestNumber());
            List<Match> found = new ArrayList<>();
            try (ScanSession s = engine.newSession(Direction.RESPONSE, found::add)) {
                assertTrue(s.skipsNumber(field("n"), 3));
                assertFalse(s.skipsNumber(field("n"), 4));
            }
        }
    }

    @Test
    void catalogThatMatchesNoNumberSkipsEveryShortOne() {
        String yaml = """
                detectors:
                  - id: only_words
                    category: secret
                    max_length: 32
                    patterns:
                      - 'hunter[a-z]+'
                """;
        List<Detector> only = DetectorCatalogLoader.withBuiltinValidators()
                .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
        try (MatchEngine engine = MatchEngine.compile(DetectorCatalog.of(only), ValueHasher.random())) {
            assertEquals(NumberReach.MAX_TRIED + 1, engine.compiled(Direction.RESPONSE).shortestNumber());
        }
    }

    private static FieldContext field(String key) {
        return new FieldContext().clear().key(key);
    }
}
