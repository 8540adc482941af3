package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.matchers.hyperscan.MatchHandler;
import dev.sluice.matchers.hyperscan.PatternDatabase;
import dev.sluice.matchers.hyperscan.StreamScanner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Digit shapes found in Java (DigitRuns) must be exactly what Hyperscan reports with
 * start-of-match tracking: every (start, end), over seeded random streams of digits,
 * separators, letters and non-ASCII bytes, the Java side fed in random pieces. And an engine
 * that finds them in Java must report exactly the findings of one that leaves them to
 * Hyperscan.
 */
class DigitShapesTest {
    private static final byte[] KEY = new byte[32];
    private static final String[] TOKENS = {"0", "1", "4", "41", "4111", "5500", "07700", "900123", "555", "0173",
        "192", "168", "255", "256", "078", "05", "1120", "2", "20", "7946", "12345678901234567890", "06 12 34 56 78",
        "01.23.45.67.8", "4111 1111 1111 1111", "078-05-1120", "078 05 1120", "555-867-5309",
        "555.867.5309", "1-800-555-0199", "1.212.555.0147", "07700 900123", "0161 496 0123", "020 7946 0123", "12/31/99", " ", " ", " ",
        "-", "-", ".", ".", "/", "a", "Z", "_", "x9", "\u0000", "\u00e9", "+", "(", ")", ":", "\n"};
    private static final int[] RUN_LENGTHS = {1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 6, 9, 16};
    private static MatchEngine java;
    private static MatchEngine reference;

    @BeforeAll
    static void compile() {
        java = MatchEngine.compile(DetectorCatalog.builtin(), ValueHasher.withKey(KEY));
        reference = MatchEngine.compileWithShapesInHyperscan(DetectorCatalog.builtin(), ValueHasher.withKey(KEY));
    }

    @AfterAll
    static void close() {
        java.close();
        reference.close();
    }

    /** The built-in catalog's digit shapes, and a few of other forms the reading accepts. */
    static Stream<String> shapes() {
        List<String> out = new ArrayList<>();
        for (Detector d : DetectorCatalog.builtin().all()) {
            for (PatternSpec p : d.patterns()) {
                if (!p.caseless() && DigitShape.fromRegex(p.regex()) != null) {
                    out.add(p.regex());
                }
            }
        }
        out.add("\\b[0-9]{2}(?:/[0-9]{2}){2}\\b");
        out.add("\\b1[0-9]{2}\\.[0-9]{1,3}\\b");
        out.add("\\b4(?:[0-9]|[ .][0-9]){3,5}\\b");
        out.add("\\b[0-9]\\b");
        return out.stream();
    }

    @Test
    void theBuiltInShapesAreFoundInJava() {
        List<String> found = shapes().toList();
        for (String regex : List.of("\\b[0-9]{3}-[0-9]{2}-[0-9]{4}\\b", "\\b[0-9]{3} [0-9]{2} [0-9]{4}\\b",
                "\\b[2-6][0-9](?:[0-9]|[ \\-][0-9]){11,17}\\b", "\\b0[1-9](?:[ .][0-9]{2}){4}\\b",
                "\\b[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\b", "\\b0[1-9][0-9]{3} [0-9]{6}\\b")) {
            assertTrue(found.contains(regex), regex);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"[0-9]{3}-[0-9]{2}", "\\b[0-9]+\\b", "\\b[0-9]{3}[a-z][0-9]{2}\\b",
        "\\b[0-9]{3}--[0-9]{2}\\b", "\\b\\d{3}\\b", "\\b[0-9]{1,3}[0-9]{2}\\b", "\\b[0-9]{3}-?[0-9]{2}\\b",
        "\\b[0-9]{3}.[0-9]{2}\\b", "\\b[0-9]{3}(?:-|/)[0-9]{2}\\b", "\\b[0-9]{3}-\\b", "\\b-[0-9]{3}\\b",
        "\\b[1-9][0-9]{8}[1-9]\\b", "\\b[0-9A-F]{4}\\b", "\\b[0-9]{3}_[0-9]{2}\\b", "\\b[^0-9]{3}\\b",
        "\\b[2-6](?:[0-9]|[ a][0-9]){11,17}\\b", "\\b(?:[0-9]|[ ][0-9]){11,17}\\b"})
    void otherFormsStayWithHyperscan(String regex) {
        assertNull(DigitShape.fromRegex(regex), regex);
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void everyShapeFindsWhatHyperscanFinds(String regex) {
        DigitShape shape = DigitShape.fromRegex(regex);
        assertNotNull(shape, regex);
        int total = 0;
        for (int seed = 0; seed < 25; seed++) {
            Random rnd = new Random(4000 + 31L * seed + regex.hashCode());
            byte[] data = randomTokens(rnd, 5000);
            TreeSet<String> expected = hyperscan(regex, data);
            TreeSet<String> actual = new TreeSet<>();
            DigitRuns runs = new DigitRuns();
            runs.begin(new DigitShapeSet(List.of(shape)));
            int off = 0;
            while (off < data.length) {
                int n = Math.min(data.length - off, 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 400));
                runs.scan(data, off, n, off, (s, from, to) -> actual.add(from + "-" + to));
                off += n;
            }
            assertEquals(expected, actual, regex + " seed " + seed);
            total += expected.size();
        }
        assertTrue(total >= 10, "the random text should hold matches of " + regex + ": " + total);
    }

    @RepeatedTest(30)
    void anEngineFindingShapesInJavaReportsWhatHyperscanWould(RepetitionInfo rep) {
        Random rnd = new Random(6100 + rep.getCurrentRepetition());
        List<KeyedValues.Value> body = new ArrayList<>();
        String[] keys = {"card", "ssn", "phone", "ip", "note", "id", "routing", "dob", null};
        String[] pieces = {"4111 1111 1111 1111", "4111-1111-1111-1111", "5500005555555559", "078-05-1120",
            "078 05 1120", "555-867-5309", "01 23 45 67 89", "07700 900123", "0161 496 0123", "020 7946 0123",
            "192.168.1.20", "10.0.0.1", "1.2.3.4.5", "2025-01-18", "v1.2.3.4", "x4111111111111111", "call", "phone",
            "ssn", " ", " ", "-", "and", "42", "123456789", "\n", "+44 20 7946 0123"};
        int values = 1 + rnd.nextInt(120);
        for (int i = 0; i < values; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + rnd.nextInt(8);
            for (int p = 0; p < n; p++) {
                sb.append(pieces[rnd.nextInt(pieces.length)]);
                if (rnd.nextBoolean()) {
                    sb.append(' ');
                }
            }
            body.add(new KeyedValues.Value(keys[rnd.nextInt(keys.length)], sb.toString().getBytes(StandardCharsets.UTF_8)));
        }
        List<String> expected = KeyedValues.findings(reference, body, new Random(rep.getCurrentRepetition()), 40);
        List<String> actual = KeyedValues.findings(java, body, new Random(rep.getCurrentRepetition() + 99), 40);
        assertEquals(expected, actual);
        assertFalse(expected.isEmpty(), "the random body should hold findings");
    }

    /** About {@code n} bytes of random tokens between NULs, as a session's stream starts and ends. */
    private static byte[] randomTokens(Random rnd, int n) {
        StringBuilder sb = new StringBuilder("\u0000");
        while (sb.length() < n) {
            if (rnd.nextBoolean()) {
                sb.append(TOKENS[rnd.nextInt(TOKENS.length)]);
            } else {
                // A digit run of a length the shapes use, opening with a digit their heads ask for now and then.
                int len = RUN_LENGTHS[rnd.nextInt(RUN_LENGTHS.length)];
                for (int i = 0; i < len; i++) {
                    sb.append(i == 0 && rnd.nextBoolean() ? "04"
                            .charAt(rnd.nextInt(2)) : (char) ('0' + rnd.nextInt(10)));
                }
                sb.append(" -./".charAt(rnd.nextInt(4)));
            }
        }
        sb.append('\u0000');
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Every (start, end) Hyperscan reports for {@code regex} with start tracking, in one write. */
    private static TreeSet<String> hyperscan(String regex, byte[] data) {
        TreeSet<String> out = new TreeSet<>();
        MatchHandler h = (id, from, to) -> out.add(from + "-" + to);
        try (PatternDatabase db = PatternDatabase.compile(List.of(new PatternDatabase.Expression(regex, false, true)))) {
            StreamScanner.Stream s = new StreamScanner(db).open();
            s.scan(data, 0, data.length, h);
            s.close(h);
        }
        return out;
    }
}
