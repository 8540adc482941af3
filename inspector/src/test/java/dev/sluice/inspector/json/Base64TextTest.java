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
 * The first look at a value's eight characters ({@link Base64Text#mayOpen}) never turns away base64
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
        return b.length < Base64Text.FIRST_SAMPLE_CHARS || Base64Text.mayOpen(b, 0, new byte[Base64Text.SAMPLE_BYTES]);
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
        assertTrue(kept < 300, kept + " of 10,000 random ids kept");
    }

    /** UTF-8 text with no control byte but tab and line breaks; a sequence cut by the end counts as text. */
    @Test
    void textIsUtf8WithoutControlBytes() {
        assertTrue(Base64Text.text(bytes(0x61, 0x09, 0x0A, 0x0D, 0x7E), 0, 5));
        assertTrue(Base64Text.text(bytes(0x61, 0xE2, 0x82), 0, 3), "a sequence cut by the end");
        assertTrue(Base64Text.text(bytes(0xF0, 0x9D, 0x84, 0x9E, 0x41), 0, 5));
        for (int[] notText : new int[][] {{0x00}, {0x1F}, {0x7F}, {0x80}, {0xC1, 0x81}, {0xF5, 0x80}, {0xE2, 0x41},
            {0x61, 0xC3, 0xC3}}) {
            byte[] b = bytes(notText);
            assertTrue(!Base64Text.text(b, 0, b.length), java.util.Arrays.toString(notText));
        }
    }

    /** Whatever a strict decoder reads as UTF-8 without control characters is text. */
    @RepeatedTest(100)
    void whatAStrictDecoderReadsIsText(RepetitionInfo rep) {
        Random random = new Random(rep.getCurrentRepetition());
        byte[] b = text(random).replace('\t', ' ').getBytes(StandardCharsets.UTF_8);
        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        boolean strict;
        try {
            String s = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b)).toString();
            strict = s.chars().noneMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7F);
        } catch (java.nio.charset.CharacterCodingException e) {
            strict = false;
        }
        assertTrue(!strict || Base64Text.text(b, 0, b.length), java.util.Arrays.toString(b));
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
