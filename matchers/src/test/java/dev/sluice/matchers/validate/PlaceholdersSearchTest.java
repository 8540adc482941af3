package dev.sluice.matchers.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The placeholder checks that read a value once answer as comparing it with every listed value
 * did: {@code example} and documentation examples anywhere in it (one search for each before), placeholder words
 * as the whole of it (every word compared before, however long the value). Values drawn from
 * seeds out of pieces of the lists, their neighbours and other bytes.
 */
class PlaceholdersSearchTest {
    private static final String[] PIECES = {"A", "T", "B", "X", "w", "0", "00000000", "T0000000", "XXXXXXXXXXXX",
        "AKIAIOSFODNN7EXAMPL", "AKIAIOSFODNN7EXAMPLE", "exampl", "eXample", "e", "E", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "null", "NULL",
        "change_me", "obfuscated", "n/a", "!0", "[", "]", "(", ")", "x", "7", " ", "\u00e9"};

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void oneReadFindsWhatAComparisonPerListedValueFinds(long seed) {
        Random r = new Random(seed);
        for (int k = 0; k < 40; k++) {
            StringBuilder sb = new StringBuilder();
            for (int i = r.nextInt(5); i >= 0; i--) {
                sb.append(PIECES[r.nextInt(PIECES.length)]);
            }
            byte[] value = ("##" + sb + "##").getBytes(StandardCharsets.UTF_8);
            int off = r.nextInt(3);
            int len = value.length - off - r.nextInt(3);
            String shown = new String(value, off, len, StandardCharsets.UTF_8);
            assertEquals(anyExample(value, off, len), Placeholders.holdsExample(value, off, len), shown);
            assertEquals(anyWord(value, off, len), Placeholders.isWord(value, off, len), shown);
        }
    }

    private static boolean anyExample(byte[] b, int off, int len) {
        String s = new String(b, off, len, StandardCharsets.ISO_8859_1);
        if (s.toLowerCase(Locale.ROOT).contains("example")) {
            return true;
        }
        for (byte[] d : Placeholders.DOC_EXAMPLES) {
            if (s.contains(new String(d, StandardCharsets.ISO_8859_1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyWord(byte[] b, int off, int len) {
        String s = new String(b, off, len, StandardCharsets.ISO_8859_1);
        int open = "([{".indexOf(s.charAt(0));
        if (s.length() > 2 && open >= 0 && ")]}".charAt(open) == s.charAt(s.length() - 1)) {
            s = s.substring(1, s.length() - 1);
        }
        for (byte[] w : Placeholders.WORDS) {
            if (s.equalsIgnoreCase(new String(w, StandardCharsets.ISO_8859_1))) {
                return true;
            }
        }
        return false;
    }
}
