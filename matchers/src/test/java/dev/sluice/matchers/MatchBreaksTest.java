package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A rewriting session releases an open value's text up to the last byte no candidate of the
 * catalog can hold (a line break, in the built-in catalog), instead of holding back the
 * catalog's longest match: a log followed as plain text leaves line by line. What a candidate can
 * hold is read from its expression; anything the reading cannot vouch for holds every byte.
 */
class MatchBreaksTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theBuiltinResponseCatalogBreaksAtLineEndsAndValueSeparators() {
        try (MatchEngine engine = MatchEngine.builtin()) {
            boolean[] breaks = engine.compiled(Direction.RESPONSE).reach().breaks();
            assertNotNull(breaks);
            for (char b : "\n\r\t\0\"<>".toCharArray()) {
                assertTrue(breaks[b], "break: " + (int) b);
            }
            // Spaces (dates, phones), punctuation of addresses, URLs and tokens, and UTF-8 are held.
            for (char b : " -.@:/+=_'%Aa09".toCharArray()) {
                assertFalse(breaks[b], "held: " + b);
            }
            assertFalse(breaks[0xC3]);
        }
    }

    @Test
    void aCatalogWithTriggersHasNoBreaks() {
        // The attack signatures mark a span around where they fire, whatever bytes they hold.
        try (MatchEngine engine = MatchEngine.builtin()) {
            assertNull(engine.compiled(Direction.REQUEST).reach().breaks());
        }
    }

    /** Whether a candidate of {@code regex} (trimmed as {@code trim}) may hold byte {@code b}. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        // The delimiters a trim cuts off are not the candidate's ...
        "[^A-Za-z0-9/+][A-Za-z0-9/+]{40}[^A-Za-z0-9/+=];BOTH;10;false",
        "glpat-[A-Za-z0-9_\\-]{20,}[^A-Za-z0-9_\\-];END;10;false",
        "[^a-z][a-z]{4};BOTH;10;false",
        // ... but untrimmed they are,
        "[^A-Za-z0-9/+][A-Za-z0-9/+]{40}[^A-Za-z0-9/+=];NONE;10;true",
        "[^A-Za-z0-9/+][A-Za-z0-9/+]{40}[^A-Za-z0-9/+=];END;10;true",
        // and so is a delimiter the reading cannot place at the very end: behind an assertion,
        // repeated, optional, inside a group, or in an alternation.
        "x[a-z]+[^a-z]\\b;END;10;true",
        "x[a-z]+[^a-z]{1,2};END;10;true",
        "x[a-z]+[^a-z]?;END;10;true",
        "x(?:[a-z]+[^a-z]);END;10;true",
        "x[a-z]+[^a-z]|y[^a-z];END;10;true",
        // Classes and escapes.
        "a\\sb;NONE;10;true",
        "a\\Sb;NONE;10;false",
        "a.b;NONE;10;true",
        "[^\\s\"]+;NONE;10;false",
        "[^\\s\"]+;NONE;0;true",
        "\\x0ax;NONE;10;true",
        "k(?:ey|EY);NONE;122;false",
    })
    void aCandidateHoldsTheBytesItsExpressionReads(String regex, PatternSpec.Trim trim, int b, boolean held) {
        boolean[] bytes = MatchBytes.ofCandidate(regex, false, trim);
        assertNotNull(bytes, regex);
        assertEquals(held, bytes[b], regex + " holds " + b);
    }

    @Test
    void caselessLiteralsHoldBothCases() {
        boolean[] bytes = MatchBytes.ofCandidate("key", true, PatternSpec.Trim.NONE);
        assertTrue(bytes['K'] && bytes['k'] && bytes['Y'] && !bytes['z']);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"(?=x)abc", "(?i)abc", "(a)\\1", "[[:alpha:]]+", "abc\\"})
    void syntaxTheReadingDoesNotKnowMayHoldAnything(String regex) {
        assertNull(MatchBytes.ofCandidate(regex, false, PatternSpec.Trim.NONE), regex);
    }

    @Test
    void aDetectorWhoseCandidateSpansLinesTakesTheLineBreakAway() {
        try (MatchEngine engine = withDetector("'BEGIN CONFIG[^<]{1,64}END CONFIG'")) {
            boolean[] breaks = engine.compiled(Direction.RESPONSE).reach().breaks();
            assertFalse(breaks['\n'] || breaks['\r'] || breaks['"']);
            assertTrue(breaks['<'], "a byte neither it nor the built-in detectors hold");
        }
    }

    @Test
    void anOpenValueIsReleasedUpToItsLastLineBreak() {
        try (MatchEngine engine = MatchEngine.builtin()) {
            Released r = new Released();
            try (ScanSession s = engine.newSession(Direction.RESPONSE, r)) {
                s.beginValue(new FieldContext());
                long at = 0;
                at = write(s, at, "2026-11-23T10:00:01Z GET /orders 200 12ms\n");
                assertTrue(s.releaseFrontier() >= at, "the first line, its line break included");
                long lineEnd = write(s, at, "2026-11-23T10:00:02Z contact jane.doe@fastmail.com\n");
                assertTrue(s.releaseFrontier() >= lineEnd, "a line ending in a finding is decided at its end");
                assertEquals(List.of("email jane.doe@fastmail.com"), r.found);
                write(s, lineEnd, "2026-11-23T10:00:03Z token eyJhbGciOiJIUzI1NiJ9");
                assertEquals(lineEnd, s.releaseFrontier(), "a line still open may still hold a match");
            }
        }
    }

    @Test
    void withoutABreakAnOpenValueIsHeldForTheLongestMatch() {
        try (MatchEngine engine = withDetector("'BEGIN CONFIG[^<]{1,64}END CONFIG'")) {
            Released r = new Released();
            try (ScanSession s = engine.newSession(Direction.RESPONSE, r)) {
                s.beginValue(new FieldContext());
                long at = write(s, 0, "GET /orders 200 12ms\nBEGIN CONFIG\n");
                assertTrue(s.releaseFrontier() < at, "a candidate may still span these lines");
            }
        }
    }

    private static long write(ScanSession s, long at, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.verbatim(b, 0, b.length, at);
        s.flush();
        return at + b.length;
    }

    private static MatchEngine withDetector(String regex) {
        String yaml = """
                detectors:
                  - id: config_block
                    category: secret
                    max_length: 128
                    patterns:
                      - %s
                """.formatted(regex);
        List<Detector> all = new ArrayList<>(DetectorCatalog.builtin().all());
        all.addAll(DetectorCatalogLoader.withBuiltinValidators()
                .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test"));
        return MatchEngine.compile(DetectorCatalog.of(all), ValueHasher.withKey(KEY));
    }

    /** "id text" of each finding released. */
    private static final class Released implements RewritingMatchListener {
        final List<String> found = new ArrayList<>();

        @Override
        public void onMatch(Match match, long valueIndex, int offsetInValue, byte[] decoded) {
            found.add(match.id() + " " + new String(decoded, StandardCharsets.UTF_8));
        }
    }
}
