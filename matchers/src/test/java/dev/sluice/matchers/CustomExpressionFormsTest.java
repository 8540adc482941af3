package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The expression forms the engine treats specially work for a user's own detectors too: a
 * pattern closed by its next byte ({@code trim: end}) is reported once, as the token without
 * that byte; a digit shape is taken from Hyperscan and found in Java.
 */
class CustomExpressionFormsTest {
    private static final String YAML = """
            detectors:
              - id: acme_token
                category: secret
                max_length: 64
                patterns:
                  - regex: 'acme_[a-z0-9]{8,}[^a-z0-9_]'
                    trim: end
              - id: badge
                category: pii
                max_length: 16
                patterns:
                  - '\\b[0-9]{4}-[0-9]{4}\\b'
            """;

    @Test
    void aTokenClosedByItsNextByteIsReportedOnceWithoutThatByte() {
        List<String> found = scan("key acme_abcdef123456 and acme_zz9 and acme_abcdefgh_x end");
        assertEquals(List.of("acme_token acme_abcdef123456"), found);
    }

    @Test
    void aTokenAtTheEndOfItsValueIsClosedByTheValueSeparator() {
        assertEquals(List.of("acme_token acme_abcdefgh"), scan("acme_abcdefgh"));
    }

    @Test
    void aCustomDigitShapeIsFoundInJava() {
        try (MatchEngine engine = MatchEngine.compile(DetectorCatalog.of(load(YAML)), ValueHasher.random())) {
            assertEquals(1, engine.compiled(Direction.RESPONSE).java().shapes().size());
        }
        assertEquals(List.of("badge 1234-5678"), scan("badge 1234-5678, not a1234-5678 nor 1234-56789"));
    }

    @Test
    void anUnknownTrimIsRefused() {
        String bad = YAML.replace("trim: end", "trim: sideways");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(bad));
        assertTrue(e.getMessage().contains("'trim'"), e.getMessage());
    }

    @Test
    void aPatternHyperscanRefusesIsAnErrorNamingItsDetector() {
        // A back-reference: Java reads it, Hyperscan does not support it.
        String bad = YAML.replace("'\\b[0-9]{4}-[0-9]{4}\\b'", "'(ab)\\1[0-9]{4}'");
        List<Detector> detectors = load(bad);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatchEngine.compile(DetectorCatalog.of(detectors), ValueHasher.random()));
        assertTrue(e.getMessage().startsWith("detector 'badge': "), e.getMessage());
    }

    /**
     * A user's {@code same_object} detector whose expression Hyperscan looks for only in values
     * that can have context: a value whose keyword sits in an earlier member of its object is fed
     * to that database too, so the engine finds what the engine without the context feed finds.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aSameObjectKeywordReachesTheContextOnlyDatabase(boolean sameObject) {
        String yaml = YAML + """
                  - id: employee_number
                    category: pii
                    max_length: 16
                    patterns:
                      - regex: 'EMP-[0-9]{6}'
                        context: required
                    context:
                      keywords: ['employee']
                      same_object: %s
                """.formatted(sameObject);
        Object first = new Object();
        Object second = new Object();
        List<KeyedValues.Value> body = List.of(
                new KeyedValues.Value("kind", "employee".getBytes(StandardCharsets.UTF_8), first),
                new KeyedValues.Value("ref", "EMP-123456".getBytes(StandardCharsets.UTF_8), first),
                new KeyedValues.Value("ref", "EMP-654321".getBytes(StandardCharsets.UTF_8), second));
        DetectorCatalog catalog = DetectorCatalog.of(load(yaml));
        try (MatchEngine split = MatchEngine.compile(catalog, ValueHasher.withKey(new byte[32]));
             MatchEngine reference = MatchEngine.compileWithOneDatabase(catalog, ValueHasher.withKey(new byte[32]))) {
            assertFalse(split.compiled(Direction.RESPONSE).databases().contextClasses() == 0,
                    "the expression is in the context-only database");
            List<String> found = KeyedValues.findings(split, body, new Random(1), 64);
            assertEquals(sameObject ? 1 : 0, found.size(), found::toString);
            assertEquals(KeyedValues.findings(reference, body, new Random(2), 64), found);
        }
    }

    private static List<Detector> load(String yaml) {
        return DetectorCatalogLoader.withBuiltinValidators()
                .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }

    /** "id matched-text" per finding of {@code text} scanned as one value. */
    private static List<String> scan(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        try (MatchEngine engine = MatchEngine.compile(DetectorCatalog.of(load(YAML)), ValueHasher.random());
             ScanSession s = engine.newSession(Direction.RESPONSE,
                     m -> out.add(m.detector().id() + " " + text.substring((int) m.start(), (int) m.end())))) {
            s.beginValue(new FieldContext().clear().key("note"));
            s.verbatim(bytes, 0, bytes.length, 0);
            s.endValue();
        }
        return out;
    }
}
