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
    void builtinCatalogSkipsNumbersShorterThanAPhoneAfterAnExponent() {
        try (MatchEngine engine = MatchEngine.builtin()) {
            // Outside the context database: "+1234567" after an exponent's 'e' (phone_number).
            assertEquals(8, engine.compiled(Direction.RESPONSE).reach().shortestNumber());
            // Under a passport key: passport_number's six characters.
            assertEquals(6, engine.compiled(Direction.RESPONSE).reach().shortestContextNumber());
            try (ScanSession s = engine.newSession(Direction.RESPONSE, m -> { })) {
                assertTrue(s.skipsNumber(field("qty"), 7));
                assertFalse(s.skipsNumber(field("qty"), 8));
                assertTrue(s.skipsNumber(field("passport"), 5));
                assertFalse(s.skipsNumber(field("passport"), 6), "a passport number may be all digits");
                assertFalse(s.skipsNumber(field("password"), 4), "password_field reads every value under its key");
                assertFalse(s.skipsNumber(field("api_token"), 1), "generic_api_key reads every value under its key");
            }
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = ';', value = {
        "\\b[2-6][0-9](?:[0-9]|[ \\-][0-9]){11,17}\\b;13",
        "\\+[1-9][0-9]{6,14}\\b;8",
        "\\b[0-9]{4}\\b;4",
        "[^A-Za-z0-9/+][A-Za-z0-9/+]{40}[^A-Za-z0-9/+=];40",
        "[eE][0-9]+;2",
        "-?[0-9]+;1"})
    void readsHowShortAPieceOfANumberAnExpressionMatches(String regex, int shortest) {
        assertEquals(shortest, NumberFactors.shortest(regex, false), regex);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\b[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\b",
        "\\b[0-9]{3}-[0-9]{2}-[0-9]{4}\\b", "hunter[a-z]+", "[A-Za-z0-9._%+'\\-]@[A-Za-z0-9\\-]+",
        "\\b0[1-9](?:[ .][0-9]{2}){4}\\b", "(?:AKIA|ASIA)[A-Z2-7]{16}"})
    void expressionsThatNoNumberHolds(String regex) {
        assertEquals(NumberFactors.NEVER, NumberFactors.shortest(regex, false), regex);
    }

    @ParameterizedTest
    @ValueSource(strings = {"(?<=a)[0-9]", "(?i)[0-9]", "\\p{L}", "(?:[0-9]"})
    void unknownSyntaxSaysNothing(String regex) {
        assertEquals(NumberFactors.UNKNOWN, NumberFactors.shortest(regex, false), regex);
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
            assertEquals(4, engine.compiled(Direction.RESPONSE).reach().shortestNumber());
            List<Match> found = new ArrayList<>();
            try (ScanSession s = engine.newSession(Direction.RESPONSE, found::add)) {
                assertTrue(s.skipsNumber(field("n"), 3));
                assertFalse(s.skipsNumber(field("n"), 4));
            }
        }
    }

    @Test
    void catalogThatMatchesNoNumberSkipsEveryNumber() {
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
            assertEquals(NumberFactors.NEVER, engine.compiled(Direction.RESPONSE).reach().shortestNumber());
        }
    }

    private static FieldContext field(String key) {
        return new FieldContext().clear().key(key);
    }
}
