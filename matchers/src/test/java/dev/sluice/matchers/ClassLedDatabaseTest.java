package dev.sluice.matchers;

import static dev.sluice.matchers.KeyedValues.assertSameFindings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.matchers.KeyedValues.Value;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Candidates led by a character class are scanned in a database of their own, after the main
 * stream's matches of each write: the findings must be exactly those of the engine that keeps
 * them in the main database, in the same order, whatever the chunking.
 */
class ClassLedDatabaseTest extends AgainstOneDatabase {
    private static final String[] KEYS = {"email", "iban", "phone", "note", "db_url", "ip", "token", "id", null};
    private static final String[] PIECES = {"jane.doe@corp.io", "ops+alerts@mail.acme.co.uk", "a@b", "@", "DE89 3704 0044 0532 0130 00",
        "GB82WEST12345698765432", "DE89370400440532013001", "+44 20 7946 0123", "(212) 555-0147", "+14155550123",
        "2001:db8:85a3::8a2e:370:7334", "fe80::1", "10.1.2.3", "postgres://app:s3cr3t-Pw@db.internal:5432",
        "https://user@host", "mongodb+srv://admin:hunter2x@cluster0.example.net", "ghp_R2d8Qm4kX9vT1nB6wY3zL7pH0cJ5sF8aE2uK",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl", "AKIA2OGYBAH6STMMNXNN", "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "order 42", "SKU-123", " ", " ", ", ", "\n", "::", ":", "+", "(", "DE", "89"};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void findingsEqualThoseOfOneDatabase(long seed) {
        Random r = new Random(seed);
        List<Value> body = new ArrayList<>();
        int n = 1 + r.nextInt(150);
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            // Mostly short values; now and then one longer than a stream write (16 KiB).
            int pieces = r.nextInt(25) == 0 ? 2000 + r.nextInt(2000) : 1 + r.nextInt(6);
            for (int p = 0; p < pieces; p++) {
                sb.append(PIECES[r.nextInt(PIECES.length)]);
            }
            body.add(new Value(KEYS[r.nextInt(KEYS.length)], sb.toString().getBytes(StandardCharsets.UTF_8)));
        }
        List<String> expected = KeyedValues.findings(reference, body, new Random(seed * 31), 5000);
        assertFalse(expected.isEmpty(), "the random body should hold findings");
        assertSameFindings(expected, KeyedValues.findings(split, body, new Random(seed * 17), 5000));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        "[A-Za-z0-9._%+'\\-]@[A-Za-z0-9\\-]+#true",
        "\\b[A-Z]{2}[0-9]{2}#true",
        "\\+[1-9][0-9]{6,14}\\b#true",
        "\\([0-9]{3}\\) ?[0-9]{3}#true",
        "\\d{3}-\\d{4}#true",
        "x[0-9]{4}#true",
        "[^A-Za-z0-9/+][A-Za-z0-9/+]{40}#true",
        "gh[pousr]_[A-Za-z0-9]{36}#false",
        "(?:AKIA|ASIA)[A-Z2-7]{16}#false",
        "eyJ[A-Za-z0-9_\\-]{8,}#false",
        "\\bunion\\b#false",
        "\\w+#true",
        "\\n[0-9]#false",
    })
    void anExpressionIsClassLedWithoutALiteralOfTwoBytesBeforeItsFirstClass(String regex, boolean classLed) {
        assertEquals(classLed, ExpressionPlacement.isClassLed(regex), regex);
    }

    @Test
    void theBuiltInShapeCandidatesAreApartAndTheVendorTokensStayInTheMainDatabase() throws Exception {
        Method table = MatchEngine.class.getDeclaredMethod("expressionTable", Direction.class);
        table.setAccessible(true);
        try (MatchEngine engine = MatchEngine.builtin()) {
            @SuppressWarnings("unchecked")
            List<TableExpression> rows = (List<TableExpression>) table.invoke(engine, Direction.RESPONSE);
            ExpressionPlacement placed = ExpressionPlacement.of(rows, true, true);
            assertEquals(Set.of("basic_auth_url", "email", "iban", "ip_address", "phone_number"), owners(rows, placed.classLed));
            Set<String> main = owners(rows, placed.main);
            assertTrue(main.containsAll(Set.of("github_token", "jwt", "aws_access_key_id", "stripe_key")), main.toString());
            assertTrue(ExpressionPlacement.of(rows, false, true).classLed.isEmpty());
        }
    }

    private static Set<String> owners(List<TableExpression> rows, List<Integer> ids) {
        Set<String> owners = new TreeSet<>();
        for (int id : ids) {
            if (rows.get(id).kind() == ExpressionKind.CANDIDATE) {
                owners.add(rows.get(id).owner().id());
            }
        }
        return owners;
    }
}
