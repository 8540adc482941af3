package dev.sluice.inspector.json;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.decode.Encodings;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * The first look at a value's four characters ({@link Base64Text#mayOpen}) never turns away base64
 * of text, of a gzip or zlib stream, or a data URL, in either alphabet, and turns away most ids:
 * it may only spare work, never change what is found.
 */
class Base64TextTest {
    private static final String LETTERS = "aé€𝄞 \t\n{\"}<>=;:,.0123456789ABCxyz";

    private static String text(Random random) {
        StringBuilder b = new StringBuilder();
        int n = 1 + random.nextInt(40);
        for (int i = 0; i < n; i++) {
            b.appendCodePoint(LETTERS.codePointAt(LETTERS.offsetByCodePoints(0, random.nextInt(LETTERS.codePointCount(0,
                    LETTERS.length())))));
        }
        return b.toString();
    }

    private static boolean mayOpen(String chars) {
        byte[] b = chars.getBytes(StandardCharsets.US_ASCII);
        return b.length < Base64Text.FIRST_SAMPLE_CHARS || Base64Text.mayOpen(b, 0, new byte[3]);
    }

    @RepeatedTest(200)
    void base64OfTextOrOfACompressedStreamMayAlwaysOpen(RepetitionInfo rep) {
        Random random = new Random(rep.getCurrentRepetition());
        byte[] text = text(random).getBytes(StandardCharsets.UTF_8);
        for (byte[] bytes : new byte[][] {text, Encodings.gzip(text), Encodings.zlib(text)}) {
            for (Base64.Encoder e : new Base64.Encoder[] {Base64.getEncoder(), Base64.getUrlEncoder().withoutPadding(),
                Base64.getMimeEncoder()}) {
                String encoded = e.encodeToString(bytes);
                assertTrue(mayOpen(encoded), encoded);
            }
        }
    }

    @Test
    void aDataUrlMayOpen() {
        assertTrue(mayOpen("data:text/csv;base64,Y2FyZA=="));
        assertTrue(mayOpen("DATA:application/json;base64,eyJ9"));
    }

    @Test
    void mostIdsAndHashesAreTurnedAway() {
        Random random = new Random(7);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        int kept = 0;
        for (int i = 0; i < 10_000; i++) {
            StringBuilder id = new StringBuilder();
            for (int k = 0; k < 24; k++) {
                id.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            kept += mayOpen(id.toString()) ? 1 : 0;
        }
        assertTrue(kept < 1_500, kept + " of 10,000 random ids kept");
    }
}
