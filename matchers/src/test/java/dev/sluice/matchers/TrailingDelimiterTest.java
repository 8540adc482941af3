package dev.sluice.matchers;

import static dev.sluice.matchers.KeyedValues.assertSameFindings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.matchers.KeyedValues.Value;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code trim: end} and {@code trim: end2}: expressions that carry the bytes after their match,
 * as the built-in IPv6 full form does to keep a longer colon run from ending a match at every
 * group. Written with the validator's own right boundary (a byte it accepts after an address, or
 * a colon and a blank), the pair must give exactly the findings of the plain expression, in any
 * chunking.
 */
class TrailingDelimiterTest {
    private static final String FULL = "[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){7}";
    private static final String[] DELIMITED = {"{regex: '" + FULL + "[^0-9A-Za-z_:]', trim: end}",
        "{regex: '" + FULL + ":[ \\t\\r\\n]', trim: end2}"};
    /** Pieces of addresses, of longer colon runs and of what borders them. */
    private static final String[] PIECES = {"a", "1", "ff", "2001", "db8", "12345", ":", ":", ":", "::", ".", " ", "g",
        "_", "[", "]", "\n", "=", "x:", ": ", ":\t", ":\n", "\u00e9"};

    static LongStream seeds() {
        return LongStream.range(0, 40);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theDelimitedPairGivesThePlainExpressionsFindings(long seed) {
        Random r = new Random(seed);
        List<Value> body = new ArrayList<>();
        for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
            StringBuilder sb = new StringBuilder();
            int size = 200 + r.nextInt(4_000);
            while (sb.length() < size) {
                sb.append(r.nextInt(40) == 0 ? address(r) : PIECES[r.nextInt(PIECES.length)]);
            }
            body.add(new Value(r.nextBoolean() ? "host" : null, sb.toString().getBytes(StandardCharsets.UTF_8)));
        }
        try (MatchEngine plain = MatchEngine.compile(catalog("'" + FULL + "'"), ValueHasher.random());
             MatchEngine delimited = MatchEngine.compile(catalog(DELIMITED), ValueHasher.random())) {
            List<String> expected = spans(KeyedValues.findings(plain, body, new Random(seed * 31), 64));
            assertSameFindings(expected, spans(KeyedValues.findings(delimited, body, new Random(seed * 17), 64)));
        }
    }

    @Test
    void theDrawsHoldAddressesEndedBothWays() {
        int byByte = 0;
        int byPhrase = 0;
        try (MatchEngine delimited = MatchEngine.compile(catalog(DELIMITED), ValueHasher.random())) {
            for (long seed : seeds().toArray()) {
                Random r = new Random(seed);
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 50; i++) {
                    sb.append(address(r)).append(PIECES[r.nextInt(PIECES.length)]);
                }
                byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
                for (String f : KeyedValues.findings(delimited, List.of(new Value(null, text)), r, 64)) {
                    String[] span = f.substring(f.indexOf('@') + 1, f.indexOf(' ')).split("-");
                    if (text[Integer.parseInt(span[1])] == ':') {
                        byPhrase++;
                    } else {
                        byByte++;
                    }
                }
            }
        }
        assertTrue(byByte >= 100 && byPhrase >= 20, "ended by a byte " + byByte + ", by a colon and a blank " + byPhrase);
    }

    @Test
    void theTwoClosingBytesAreNoPartOfTheCandidatesBytes() {
        boolean[] held = MatchBytes.ofCandidate("x[0-9]+:[^a-z]", false, PatternSpec.Trim.END_TWO);
        boolean[] expected = new boolean[256];
        expected['x'] = true;
        for (int b = '0'; b <= '9'; b++) {
            expected[b] = true;
        }
        assertArrayEquals(expected, held);
    }

    @Test
    void anUnknownTrimNamesTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> catalog(
                "{regex: 'K[^a-z]', trim: after}"));
        assertTrue(e.getMessage().contains("end2"), e.getMessage());
    }

    /** Eight groups of one to four hex digits. */
    private static String address(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int g = 0; g < 8; g++) {
            sb.append(g == 0 ? "" : ":").append(Integer.toHexString(1 + r.nextInt(0xFFFF)));
        }
        return sb.toString();
    }

    private static DetectorCatalog catalog(String... patterns) {
        StringBuilder yaml = new StringBuilder("""
                detectors:
                  - id: v6
                    category: pii
                    max_length: 64
                    validators: [ipv6]
                    patterns:
                """);
        for (String p : patterns) {
            yaml.append("      - ").append(p).append('\n');
        }
        return DetectorCatalog.of(DetectorCatalogLoader.withBuiltinValidators()
                .load(new ByteArrayInputStream(yaml.toString().getBytes(StandardCharsets.UTF_8)), "test"));
    }

    /** A finding without its value hash: the two engines hash with keys of their own. */
    private static List<String> spans(List<String> findings) {
        List<String> out = new ArrayList<>();
        for (String f : findings) {
            out.add(f.substring(0, f.lastIndexOf(' ')));
        }
        assertEquals(findings.size(), out.size());
        return out;
    }
}
