package dev.sluice.matchers;

import static dev.sluice.matchers.KeyedValues.assertSameFindings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.matchers.KeyedValues.Value;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Context-only expressions run over the values that can have context (ContextFeed) rather than
 * over everything: the findings must be exactly those of the engine that keeps them in the main
 * database, whatever the keys, keywords, value lengths (values longer than a stream write
 * included) and chunking; and neither may depend on the chunking.
 */
class ContextFeedTest extends AgainstOneDatabase {
    private static final String[] KEYS = {"ssn", "phone", "passport_no", "dob", "routing", "id", "note", "sku",
        "amount", "password", "comment", null};
    private static final String[] PIECES = {"123456789", "078-05-1120", "X1234567", "AB123456", "1990-04-12",
        "04/12/1990", "+1 415 555 0173", "(415) 555-0173", "4155550173", "021000021", "passport", "ssn", "SSN:",
        "date of birth", "born", "phone", "tel", "routing", "aba", "call", "phone: ", " ", " ", " ", "and",
        "\n", "order", "42", "100123", "SKU-123", "AKIAIOSFODNN7EXAMPLE", "4111 1111 1111 1111",
        "bob@example.com", "Widget number 7", "AKIA2OGYBAH6STMMNXNN", "Zq3mF8vK2pL9xR7tY4wN6bH1cJ5dS0aE3gU8iO2p"};

    private static List<Value> body(Random r) {
        List<Value> values = new ArrayList<>();
        int n = 1 + r.nextInt(200);
        Object object = null; // values come in objects of a few members, or stand alone
        for (int i = 0; i < n; i++) {
            if (r.nextInt(4) == 0) {
                object = r.nextBoolean() ? new Object() : null;
            }
            StringBuilder sb = new StringBuilder();
            // Mostly short values; now and then one longer than a stream write (16 KiB).
            int pieces = r.nextInt(30) == 0 ? 3000 + r.nextInt(3000) : 1 + r.nextInt(6);
            for (int p = 0; p < pieces; p++) {
                sb.append(PIECES[r.nextInt(PIECES.length)]);
                if (r.nextBoolean()) {
                    sb.append(' ');
                }
            }
            values.add(new Value(KEYS[r.nextInt(KEYS.length)], sb.toString().getBytes(StandardCharsets.UTF_8), object));
        }
        return values;
    }

    /** Number-dense text with no keyword: what a context-only expression matches at almost every digit. */
    private static final String[] NUMBERS = {"1.1.1.1.", "123456789", "4155550173", "021000021", "078-05-1120",
        "X1234567", "12 34 56 78 90", "(415) 555-0173", " ", " ", "-", ".", "/", "\n", "AB", "7"};
    /** Keywords as they come in text: alone, glued to what follows, in capitals. */
    private static final String[] KEYWORDS = {"phone ", "ssn ", "passport ", "routing ", "dob ", "tel:", "SSN",
        "PASSPORT", "Phone:", "born "};

    /**
     * Values longer than several stream writes with no keyword for a long stretch, then keywords
     * at random places (a write's edge included), glued to numbers or not: fed to the context-only
     * expressions from just before their first keyword, they must give exactly the findings of
     * the main database, for any chunking.
     */
    private static List<Value> longNumberValues(Random r) {
        List<Value> values = new ArrayList<>();
        String[] keys = {"note", "id", "log", null, "phone", "ssn"};
        for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
            StringBuilder sb = new StringBuilder();
            int size = 20_000 + r.nextInt(50_000);
            int keywords = r.nextInt(4);
            while (sb.length() < size) {
                if (keywords > 0 && sb.length() > size / 4 && r.nextInt(400) == 0) {
                    sb.append(KEYWORDS[r.nextInt(KEYWORDS.length)]);
                    keywords--;
                }
                sb.append(NUMBERS[r.nextInt(NUMBERS.length)]);
            }
            values.add(new Value(keys[r.nextInt(keys.length)], sb.toString().getBytes(StandardCharsets.UTF_8)));
            values.add(new Value("sku", "SKU-123".getBytes(StandardCharsets.UTF_8)));
        }
        return values;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void aLongValueIsFedFromJustBeforeItsFirstKeyword(long seed) {
        List<Value> body = longNumberValues(new Random(seed));
        List<String> expected = scan(reference, body, new Random(seed * 31));
        assertSameFindings(expected, scan(split, body, new Random(seed * 17)));
    }

    @Test
    void theLongValuesHoldFindingsAfterTheirKeywords() {
        int found = 0;
        for (long seed = 1; seed <= 16; seed++) {
            List<Value> body = longNumberValues(new Random(seed));
            found += (int) scan(split, body, new Random(seed)).stream()
                    .filter(f -> f.startsWith("us_ssn") || f.startsWith("phone") || f.startsWith("passport")
                            || f.startsWith("us_bank") || f.startsWith("date_of"))
                    .count();
        }
        assertTrue(found >= 20, "the long values should hold context findings: " + found);
    }

    /**
     * A user's context-only expression with no word boundary, whose matches can begin before a
     * keyword and run through it ({@code ZA CODE Z12…}): fed from just before the keyword, the
     * leftmost start of such a match would move past the keyword and make it count. Fed from the
     * expression's longest match before it, nothing changes.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void aMatchRunningThroughTheKeywordKeepsItsStart(long seed) {
        String yaml = """
                detectors:
                  - id: zcode
                    category: secret
                    max_length: 21
                    patterns:
                      - regex: 'Z[A-Z0-9 ]{4,20}'
                        context: required
                    context:
                      keywords: ['code']
                      proximity: 48
                """;
        DetectorCatalog catalog = DetectorCatalog.of(DetectorCatalogLoader.withBuiltinValidators()
                .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test"));
        String[] pieces = {"Z", "ZZ", "Z1", "1234", "A", "7", " ", "-", "x"};
        Random r = new Random(seed);
        List<Value> body = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            StringBuilder sb = new StringBuilder();
            int size = 20_000 + r.nextInt(30_000);
            while (sb.length() < size) {
                sb.append(sb.length() > size / 3 && r.nextInt(200) == 0 ? " CODE " : pieces[r.nextInt(pieces.length)]);
            }
            body.add(new Value("note", sb.toString().getBytes(StandardCharsets.UTF_8)));
        }
        try (MatchEngine split = MatchEngine.compile(catalog, ValueHasher.random());
             MatchEngine reference = MatchEngine.compileWithOneDatabase(catalog, ValueHasher.random())) {
            List<String> expected = scan(reference, body, new Random(seed * 31)).stream().map(ContextFeedTest::spanOnly).toList();
            assertTrue(expected.size() >= 5, "the values should hold findings: " + expected);
            assertSameFindings(expected, scan(split, body, new Random(seed * 17)).stream().map(ContextFeedTest::spanOnly).toList());
        }
    }

    /** A finding without its value hash: the two engines hash with keys of their own. */
    private static String spanOnly(String finding) {
        return finding.substring(0, finding.lastIndexOf(' '));
    }

    private static List<String> scan(MatchEngine engine, List<Value> body, Random chunking) {
        return KeyedValues.findings(engine, body, chunking, 5000);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void findingsEqualThoseOfTheMainDatabase(long seed) {
        List<Value> body = body(new Random(seed));
        assertSameFindings(scan(reference, body, new Random(seed * 31)), scan(split, body, new Random(seed * 17)));
    }

    /**
     * Keyword-dense text longer than a stream write: context marks are kept by position, not
     * by number, and candidates are confirmed in stream order, so where writes end does not
     * change what is found (it did, when the newest 64 marks were all that was kept).
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void findingsDoNotDependOnWhereWritesEnd(long seed) {
        List<Value> body = body(new Random(seed));
        assertSameFindings(scan(reference, body, new Random(seed * 31)), scan(reference, body, new Random(seed * 17)));
        assertSameFindings(scan(split, body, new Random(seed * 31)), scan(split, body, new Random(seed * 17)));
    }

    @Test
    void aContextOnlyCandidateNeedsItsKeyOrAKeywordInItsValue() {
        List<Value> body = List.of(
                new Value("ssn", bytes("078051120")),
                new Value("note", bytes("078051120")),
                new Value("note", bytes("my ssn is 078051120")),
                new Value("note", bytes("ssn")),
                new Value("note", bytes("078051120")));
        List<String> found = scan(split, body, new Random(1));
        assertEquals(List.of(found.get(0), found.get(1)), found, "two findings: " + found);
        assertTrue(found.get(0).startsWith("us_ssn@"), found.toString());
        assertTrue(found.get(1).startsWith("us_ssn@"), found.toString());
        assertEquals(scan(reference, body, new Random(1)), found);
    }

    /**
     * A same_object rule (the AWS secret's) takes a key id from an earlier member of the value's
     * object, not from a value outside it nor from a later member.
     */
    @Test
    void anEarlierMemberOfTheSameObjectGivesItsContext() {
        Object first = new Object();
        Object second = new Object();
        String keyId = "AKIA2OGYBAH6STMMNXNN";
        String secret = "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";
        List<Value> body = List.of(
                new Value("id", bytes(keyId), first),
                new Value("note", bytes("rotated"), first),
                new Value("k", bytes(secret), first),
                new Value("k", bytes(secret), second),
                new Value("id", bytes(keyId), second),
                new Value("k", bytes(secret), null));
        List<String> found = scan(split, body, new Random(3));
        assertEquals(List.of("aws_access_key_id", "aws_secret_access_key", "aws_access_key_id"),
                found.stream().map(f -> f.substring(0, f.indexOf('@'))).toList(), found.toString());
        assertEquals(scan(reference, body, new Random(5)), found);
    }

    /** Equal lists, with what only one side has in the message (the lists run to thousands). */
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
