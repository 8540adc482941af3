package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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
