package dev.sluice.matchers;

import static dev.sluice.matchers.KeyedValues.assertSameFindings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.matchers.KeyedValues.Value;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * In free text the key of a {@code key: value} anchor is its last word, the run of key characters
 * before the separator, and the two last words when the last names nothing ({@code API key:},
 * {@code Secret key =}), or the word before a verb ({@code password is:}). Drawn lines are scanned
 * against lines that must give the same findings:
 * with the word before the blank replaced by {@code q}s where the last word names a class itself
 * or the two name none; with the blank replaced by {@code _} where a context word is split by it
 * or followed by {@code key}, and the last word names nothing; with a verb after a key replaced by
 * blanks.
 */
class KeyPhraseTest {
    /**
     * Vocabulary words of the built-in catalog whose first letters match no context keyword ({@code bearer},
     * a scheme with an anchor of its own, left out).
     */
    private static final String[] WORDS = {"credential", "secret", "apikey", "accesskey", "authkey", "passphrase",
        "password", "passwd", "contact", "msisdn", "secretaccesskey", "cellulare", "rufnummer"};
    /**
     * What may follow the word's last letters in a key: other words, each spelled as the anchors
     * spell it (a word broken by {@code [} or {@code __} is read only where some anchor ends at it).
     */
    private static final String[] REST = {"", "", "_id", "_token", "token", "_ssn", "Passport", "_value", "Number",
        "-key", "secret", "api_key", ".x", "x", "_count", "Name", "[password]"};
    private static final String[] SEPARATORS = {": ", "=", " = ", " => ", " := ", "\": \""};

    private static MatchEngine engine;

    @BeforeAll
    static void compile() {
        engine = MatchEngine.builtin();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theWordBeforeABlankHasNoSayWhenTheLastWordDecides(long seed) {
        Random r = new Random(seed);
        int compared = 0;
        for (int line = 0; line < 20; line++) {
            String word = WORDS[r.nextInt(WORDS.length)];
            int cut = 1 + r.nextInt(word.length() - 1);
            String before = word.substring(0, cut);
            String last = word.substring(cut) + REST[r.nextInt(REST.length)];
            if (classify(last) == 0 && classify(before + last) != 0) {
                continue; // read as one key of two words: the other test
            }
            String blanks = r.nextBoolean() ? " " : "  ";
            String tail = last + SEPARATORS[r.nextInt(SEPARATORS.length)] + value(r) + "\n";
            assertSameFindings(findings("q".repeat(cut) + blanks + tail, seed), findings(before + blanks + tail, seed));
            compared++;
        }
        assertTrue(compared > 0);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void twoWordsAreReadAsOneKeyWhenTheLastNamesNothing(long seed) {
        Random r = new Random(seed);
        int compared = 0;
        for (int line = 0; line < 20; line++) {
            String word = WORDS[r.nextInt(WORDS.length)];
            String first;
            String last;
            if (r.nextBoolean()) {
                int cut = 1 + r.nextInt(word.length() - 1);
                first = word.substring(0, cut);
                last = word.substring(cut);
            } else {
                first = word;
                last = r.nextBoolean() ? "key" : "Key";
            }
            if (r.nextInt(3) == 0) {
                first = first.toUpperCase(Locale.ROOT);
            }
            if (classify(last) != 0) {
                continue; // the last word decides: the other test
            }
            String tail = last + SEPARATORS[r.nextInt(SEPARATORS.length)] + value(r) + "\n";
            String lead = r.nextBoolean() ? "" : "Using ";
            assertSameFindings(findings(lead + first + "_" + tail, seed), findings(lead + first + " " + tail, seed));
            compared++;
        }
        assertTrue(compared > 0);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aVerbAfterAKeyIsReadAsBlanks(long seed) {
        Random r = new Random(seed);
        for (int line = 0; line < 20; line++) {
            String word = WORDS[r.nextInt(WORDS.length)];
            String verb = new String[] {"is", "was", "are", "IS"}[r.nextInt(4)];
            String tail = new String[] {":", "=", "=>", ":="}[r.nextInt(4)] + " " + value(r) + "\n";
            String lead = r.nextBoolean() ? "" : "Your ";
            assertSameFindings(findings(lead + word + " ".repeat(verb.length() + 1) + tail, seed),
                    findings(lead + word + " " + verb + tail, seed));
        }
    }

    @Test
    void phrasesOfTextAreReadAsTheirKeys() {
        assertEquals(List.of("generic_api_key@15-47"), ids(findings("Using API key: 3f9a8c7d2e1b4a6f9c8d7e6f5a4b3c2d\n", 1)));
        assertEquals(List.of("generic_api_key@12-37"), ids(findings("Secret key: Zx9q02x239sbbwel2pnksa8Kd\n", 1)));
        assertEquals(List.of("generic_api_key@13-33"), ids(findings("Access key = Qm4T7pL2xW9zR5vN8bK3\n", 1)));
        assertEquals(List.of("generic_api_key@9-34"), ids(findings("<api key>Zx9q02x239sbbwel2pnksa8Kd</api key>\n", 1)));
        assertEquals(List.of("generic_api_key@19-42"), ids(findings("the access token = Zx9q02x239sbbwel2pnksa8\n", 1)));
        assertEquals(List.of("password_field@28-38"), ids(findings("Your temporary password is: Xy7#kL9pQ2\n", 1)));
        // The last word names what the value is: an id, a count.
        assertEquals(List.of(), findings("API key ID: Zx9q02x239sbbwel2pnksa8Kd\n", 1));
        assertEquals(List.of(), findings("the token count: 12345678901\n", 1));
    }

    private static long classify(String key) {
        return engine.classifier().classify(key);
    }

    private static List<String> ids(List<String> findings) {
        return findings.stream().map(f -> f.substring(0, f.indexOf(' '))).toList();
    }

    private static List<String> findings(CharSequence text, long seed) {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        return KeyedValues.findings(engine, List.of(new Value(null, bytes)), new Random(seed), 64);
    }

    /** Values found only under a key: a random token, nine digits, a phone number. */
    private static String value(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> "Zx9" + digitsAndLetters(r, 16 + r.nextInt(12));
            case 1 -> String.format("%09d", r.nextInt(1_000_000_000));
            default -> String.format("(415) 555-%04d", r.nextInt(10_000));
        };
    }

    private static String digitsAndLetters(Random r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(r.nextInt(36)));
        }
        return sb.toString();
    }
}
