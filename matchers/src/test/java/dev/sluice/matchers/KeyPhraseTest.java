package dev.sluice.matchers;

import static dev.sluice.matchers.KeyedValues.assertSameFindings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.matchers.KeyedValues.Value;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * In free text the key of a {@code key: value} anchor is the run of key characters before its
 * separator: what stands before a blank has no say, even when it and the key's first letters
 * spell a vocabulary word ({@code con tactpas[sport:}). Each line of a drawn text is scanned
 * once after the start of a vocabulary word and once after as many {@code q}s, and the two must
 * give the same findings.
 */
class KeyPhraseTest {
    /** Vocabulary words of the built-in catalog whose first letters match no context keyword. */
    private static final String[] WORDS = {"credential", "secret", "apikey", "accesskey", "authkey", "bearer",
        "passphrase", "password", "passwd", "contact", "msisdn", "secretaccesskey", "cellulare", "rufnummer"};
    /** What may follow the word's last letters in a key: other words, spelled whole or broken. */
    private static final String[] REST = {"", "", "_id", "_token", "token", "pas[sport", "to__ken", "s_sn", "[pass]word",
        "_value", "Number", "-key", "secret", "api__key", ".x", "x"};
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
    void wordsBeforeABlankDoNotNameTheKey(long seed) {
        Random r = new Random(seed);
        StringBuilder spelled = new StringBuilder();
        StringBuilder filled = new StringBuilder();
        for (int line = 0; line < 20; line++) {
            String word = WORDS[r.nextInt(WORDS.length)];
            int cut = 1 + r.nextInt(word.length() - 1);
            String blanks = r.nextBoolean() ? " " : "  ";
            String tail = word.substring(cut) + REST[r.nextInt(REST.length)] + SEPARATORS[r.nextInt(SEPARATORS.length)]
                    + value(r) + "\n";
            spelled.append(word, 0, cut).append(blanks).append(tail);
            filled.append("q".repeat(cut)).append(blanks).append(tail);
        }
        assertSameFindings(findings(filled, seed), findings(spelled, seed));
    }

    @Test
    void aPhraseIsKeyedByItsLastWord() {
        List<String> found = findings("the access token = Zx9q02x239sbbwel2pnksa8\n", 1);
        assertEquals(1, found.size(), found::toString);
        assertTrue(found.getFirst().startsWith("generic_api_key@19-42"), found::toString);
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
