package dev.sluice.policy.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.policy.RandomText;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class GlobTest {

    @Test
    void starStaysWithinAPathSegment() {
        Glob g = Glob.path("/api/*/orders");
        assertTrue(g.matches("/api/v1/orders"));
        assertTrue(g.matches("/api//orders"));
        assertFalse(g.matches("/api/v1/x/orders"));
    }

    @Test
    void doubleStarCrossesSegments() {
        Glob g = Glob.path("/api/**");
        assertTrue(g.matches("/api/"));
        assertTrue(g.matches("/api/v1/x/orders"));
        assertFalse(g.matches("/apix"));
        assertTrue(Glob.path("/**/export").matches("/a/b/export"));
    }

    @Test
    void hostsIgnoreCaseAndStarSpansLabels() {
        Glob g = Glob.host("*.Acme.io");
        assertTrue(g.matches("api.acme.io"));
        assertTrue(g.matches("a.b.ACME.io"));
        assertFalse(g.matches("acme.io"));
    }

    @Test
    void pathsIgnoringCaseFoldPatternAndTextTheSameWay() {
        Glob g = Glob.pathIgnoringCase("/V1/Émile/*/Cards/**");
        assertTrue(g.matches("/v1/émile/7/cards/x/y"));
        assertTrue(g.matches("/V1/ÉMILE/7/CARDS/x"));
        assertFalse(g.matches("/v1/emile/7/cards/x"));
        assertFalse(g.matches("/v1/émile/7/8/cards/x"));
        assertTrue(Glob.pathIgnoringCase("/Export.CSV").matches("/export.csv"));
        assertFalse(Glob.path("/Export.CSV").matches("/export.csv"));
    }

    @Test
    void fieldPathStarStopsAtMembersAndIndices() {
        Glob g = Glob.fieldPath("$.test_cards[*]");
        assertTrue(g.matches("$.test_cards[3]"));
        assertFalse(g.matches("$.test_cards[3].number"));
        assertTrue(Glob.fieldPath("$.**.card").matches("$.users[0].payment.card"));
        assertTrue(Glob.fieldPath("$.users[*].card").matches("$.users[12].card"));
        assertFalse(Glob.fieldPath("$.*.card").matches("$.users[12].card"));
        assertTrue(Glob.fieldPath("/Envelope/Body/*/Password").matches("/Envelope/Body/Customer/Password"));
        assertFalse(Glob.fieldPath("/Envelope/*/Password").matches("/Envelope/Body/Customer/Password"));
        assertTrue(Glob.fieldPath("/**/TestCard/@number").matches("/Envelope/Body/TestCard/@number"));
    }

    @Test
    void exactGlobsKnowTheyAreExact() {
        assertTrue(Glob.path("/health").isExact());
        assertFalse(Glob.path("/health/*").isExact());
        assertEquals(8, Glob.path("/health/*").literalCount());
    }

    @Test
    void badGlobsAreRejectedWithAReason() {
        assertNotNull(Glob.problem(""));
        assertNotNull(Glob.problem("/a/***"));
        assertNotNull(Glob.problem("/" + "a".repeat(Glob.MAX_PATTERN)));
        assertNotNull(Glob.problem("/a\nb"));
        assertNull(Glob.problem("/a/**"));
        assertThrows(IllegalArgumentException.class, () -> Glob.path("/***"));
    }

    @Test
    void hostileTextCostsLinearPerPatternToken() {
        Glob g = Glob.path("/**a**a**a**a**a**a**a**a**b");
        String text = "/" + "a".repeat(Glob.MAX_TEXT - 1);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertFalse(g.matches(text)));
        assertFalse(Glob.path("/**").matches("/" + "a".repeat(Glob.MAX_TEXT + 1)));
    }

    /** The dynamic programme agrees with a regex translation on random patterns and texts. */
    @RepeatedTest(20)
    void agreesWithARegexReference(RepetitionInfo info) {
        Random rnd = new Random(7919L * info.getCurrentRepetition());
        String alphabet = "ab/";
        for (int n = 0; n < 500; n++) {
            StringBuilder p = new StringBuilder();
            int len = 1 + rnd.nextInt(8);
            for (int i = 0; i < len; i++) {
                int k = rnd.nextInt(6);
                if (k == 0 && !p.toString().endsWith("*")) {
                    p.append(rnd.nextBoolean() ? "*" : "**");
                } else {
                    p.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
            }
            String t = RandomText.of(rnd, alphabet, 0, 12);
            String pattern = p.toString();
            if (Glob.problem(pattern) != null) {
                continue;
            }
            boolean expected = reference(pattern).matcher(t).matches();
            assertEquals(expected, Glob.path(pattern).matches(t), "pattern " + pattern + " text " + t);
        }
    }

    private static Pattern reference(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^/]*");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
