package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sluice.matchers.Direction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A long text value released at its break bytes (matchers' MatchBreaks: the line breaks, tabs,
 * quotes and angle brackets no candidate can hold) is rewritten exactly as it is in one piece:
 * seeded logs with findings at a line's start and end, after a tab, inside quotes, a phone
 * number and an IBAN written with spaces, an address with an apostrophe and a date with a comma
 * (bytes a stream write may end at), a private key across lines, cut into pieces of 1 to 48
 * bytes. A release that went too far would let a finding's first bytes out before it was found.
 */
class LineReleaseTest {
    private static final Inspector inspector = BuiltinEngine.inspector();
    private static final String EMAIL = "jane.doe@fastmail.com";
    private static final String[] VALUES = {
        EMAIL,
        "d'angelo.rossi@fastmail.com",
        "dob: March 5, 1984",
        "4111 1111 1111 1111",
        "DE89 3704 0044 0532 0130 00",
        "+1 (512) 555-0118",
        "https://admin:s3cr3tP4ss@db.internal:5432/app",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0"
                + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        "password=Tr0ub4dor&3x!",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\n"
                + "aFDrBz9vFqU4yVkzSsaefDx+yO4Kls8CJtPpHMtDjcVwcHo39FGIbE6tEiQ7KXzh\n-----END RSA PRIVATE KEY-----",
    };
    private static final String[] WORDS = {"GET", "/orders", "200", "12ms", "user", "signup", "contact", "ok",
        "retry", "id=7", "level=info", "msg=\"done\"", "<b>", "</b>", "2026-11-23T10:00:01Z"};
    private static final String[] BEFORE = {" ", "\t", "\"", "=", ": ", "<td>", "\n", "\r\n", ""};
    private static final String[] AFTER = {" ", "\t", "\"", ",", "</td>", "\n", "\r\n", ""};

    static LongStream seeds() {
        return LongStream.range(0, 48);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aLogCutAnywhereIsRewrittenAsItIsWhole(long seed) {
        Random random = new Random(seed);
        byte[] body = log(random).getBytes(StandardCharsets.UTF_8);
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType("text/plain").build();
        String whole = new String(RewritingSessionTest.rewrite(inspector, spec, RewritingSessionTest.ALL, body,
                new int[0]), StandardCharsets.UTF_8);
        int[] cuts = new int[body.length];
        int n = 0;
        for (int at = 1 + random.nextInt(48); at < body.length; at += 1 + random.nextInt(48)) {
            cuts[n++] = at;
        }
        String cut = new String(RewritingSessionTest.rewrite(inspector, spec, RewritingSessionTest.ALL, body,
                java.util.Arrays.copyOf(cuts, n)), StandardCharsets.UTF_8);
        assertEquals(whole, cut, "seed " + seed);
        assertFalse(whole.contains(EMAIL), whole);
    }

    private static String log(Random random) {
        StringBuilder b = new StringBuilder(EMAIL).append('\n');
        for (int line = 0; line < 40; line++) {
            for (int w = random.nextInt(6); w > 0; w--) {
                b.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            if (random.nextInt(3) > 0) {
                b.append(BEFORE[random.nextInt(BEFORE.length)]).append(VALUES[random.nextInt(VALUES.length)])
                        .append(AFTER[random.nextInt(AFTER.length)]);
            }
            b.append(random.nextBoolean() ? "\n" : "\r\n");
        }
        return b.toString();
    }
}
