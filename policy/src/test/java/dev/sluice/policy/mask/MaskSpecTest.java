package dev.sluice.policy.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.matchers.ValueHasher;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskSpecTest {
    private static final byte[] KEY_A = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_B = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

    private static String apply(Mask m, String value) {
        return new String(m.apply(value.getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "4111 1111 1111 1111|**** **** **** 1111",
        "4111-1111-1111-1111|****-****-****-1111",
        "4111111111111111|************1111",
        "3782 822463 10005|**** ****** *0005",
        "123-45-6789|***-**-6789",
        "+1 (415) 555-0123|+* (***) ***-0123",
        "DE89 3704 0044 0532 0130 00|**** **** **** **** **30 00",
        "1234567|*******",
        "jane\\u0040mail.net|*************l.net",
        "sk_live_\"x\\y|**_**ve_*x*y",
    })
    void keepLast4KeepsSeparatorsAndTheLastFourOnly(String value, String masked) {
        assertEquals(masked, apply(MaskSpec.keepLast4().forDetector("credit_card"), value));
    }

    @Test
    void keepLast4MasksEachNonAsciiCharacterOnce() {
        assertEquals("****-****-9012", apply(MaskSpec.keepLast4().forDetector("x"), "Zoë4-5678-9012"));
    }

    /** Whatever the value, the replacement is printable ASCII without quote or backslash, and never longer. */
    @RepeatedTest(10)
    void keepLast4IsSafeInsideAnyBody(RepetitionInfo info) {
        Random rnd = new Random(104729L * info.getCurrentRepetition());
        Mask m = MaskSpec.keepLast4().forDetector("x");
        for (int n = 0; n < 1000; n++) {
            byte[] v = new byte[rnd.nextInt(40)];
            rnd.nextBytes(v);
            byte[] out = m.apply(v);
            assertTrue(out.length <= v.length);
            for (byte b : out) {
                assertTrue(b >= 0x20 && b < 0x7F && b != '"' && b != '\\', () -> "byte " + b + " in " + Arrays.toString(out));
            }
        }
    }

    @Test
    void appliesToASliceOfALargerBuffer() {
        byte[] body = "{\"card\":\"4111111111111111\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] out = MaskSpec.keepLast4().forDetector("credit_card").apply(body, 9, 16);
        assertEquals("************1111", new String(out, StandardCharsets.US_ASCII));
    }

    @Test
    void fixedTextNamesTheDetectorByDefault() {
        MaskSpec spec = MaskSpec.fixed(null);
        assertEquals("[REDACTED:credit_card]", apply(spec.forDetector("credit_card"), "4111111111111111"));
        assertEquals("[REDACTED:aws_access_key_id]", apply(spec.forDetector("aws_access_key_id"), "AKIA..."));
        assertEquals("[CARD]", apply(MaskSpec.fixed("[CARD]").forDetector("credit_card"), "x"));
        assertEquals("<email>", apply(MaskSpec.fixed("<{id}>").forDetector("email"), "a@b.io"));
    }

    @Test
    void fixedTextReturnsAFreshArray() {
        Mask m = MaskSpec.fixed("[X]").forDetector("email");
        byte[] a = m.apply(new byte[1]);
        a[0] = 'Z';
        assertEquals("[X]", apply(m, "v"));
        assertNotSame(a, m.apply(new byte[1]));
    }

    @Test
    void fixedTextMustBeSafeInAnyBody() {
        assertNotNull(MaskSpec.textProblem("a\"b"));
        assertNotNull(MaskSpec.textProblem("a\\b"));
        assertNotNull(MaskSpec.textProblem("é"));
        assertNotNull(MaskSpec.textProblem(""));
        assertNotNull(MaskSpec.textProblem("x".repeat(MaskSpec.MAX_TEXT + 1)));
        assertNull(MaskSpec.textProblem("[REDACTED:{id}]"));
        assertThrows(IllegalArgumentException.class, () -> MaskSpec.fixed("\n"));
    }

    @Test
    void keyedHashIsStableForOneKeyAndDiffersAcrossKeysAndValues() {
        Mask a = MaskSpec.keyedHash(ValueHasher.withKey(KEY_A)).forDetector("email");
        Mask a2 = MaskSpec.keyedHash(ValueHasher.withKey(KEY_A)).forDetector("credit_card");
        Mask b = MaskSpec.keyedHash(ValueHasher.withKey(KEY_B)).forDetector("email");
        String ha = apply(a, "jane@mail.net");
        assertTrue(ha.matches("h:[0-9a-f]{16}"), ha);
        assertEquals(ha, apply(a, "jane@mail.net"));
        assertEquals(ha, apply(a2, "jane@mail.net"));
        assertNotEquals(ha, apply(b, "jane@mail.net"));
        assertNotEquals(ha, apply(a, "john@mail.net"));
    }

    @Test
    void keyedHashIsThePrefixOfTheEventValueHash() {
        ValueHasher h = ValueHasher.withKey(KEY_A);
        byte[] v = "4111111111111111".getBytes(StandardCharsets.US_ASCII);
        assertEquals("h:" + h.hash(v, 0, v.length).substring(0, 16),
                new String(MaskSpec.keyedHash(h).forDetector("x").apply(v), StandardCharsets.US_ASCII));
    }

    @Test
    void stylesHaveTheirPolicyLabels() {
        assertEquals(MaskStyle.KEEP_LAST_4, MaskStyle.fromLabel("keep_last_4"));
        assertEquals("keyed_hash", MaskStyle.KEYED_HASH.label());
        assertNull(MaskStyle.fromLabel("last4"));
    }
}
