package dev.sluice.inspector.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * The quick test of whether a value may hold an embedded escape reads eight bytes a step; it
 * must answer what a byte-by-byte reading answers, for every stretch of a value.
 */
class EmbeddedEscapesTest {
    private static final String[] PIECES = {"jane", "corp.io", " ", "%", "&", "\\", "u0026", "\\u0026", "\\u002", "u",
        "\\n", "x", "0026", "é", "\u0000", "ab12cd34"};

    @RepeatedTest(300)
    void answersAsAByteByByteReading(RepetitionInfo rep) {
        Random rnd = new Random(5200 + rep.getCurrentRepetition());
        StringBuilder sb = new StringBuilder();
        int parts = rnd.nextInt(12);
        for (int i = 0; i < parts; i++) {
            // Mostly plain text, so that long stretches hold nothing to find.
            sb.append(rnd.nextInt(4) == 0 ? PIECES[rnd.nextInt(PIECES.length)] : "plain text ");
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        int s = b.length == 0 ? 0 : rnd.nextInt(b.length + 1);
        int e = s + rnd.nextInt(b.length - s + 1);
        assertEquals(reference(b, s, e, false), EmbeddedEscapes.mayHold(b, s, e), sb + " [" + s + "," + e + ")");
        assertEquals(reference(b, s, e, true), EmbeddedEscapes.mayHoldInJson(b, s, e), sb + " [" + s + "," + e + ")");
    }

    private static boolean reference(byte[] b, int s, int e, boolean json) {
        for (int i = s; i < e; i++) {
            if (b[i] == '%' || b[i] == '&') {
                return true;
            }
            if (json && b[i] == '\\' && i + 6 <= e
                    && new String(b, i + 1, 5, StandardCharsets.ISO_8859_1).equals("u0026")) {
                return true;
            }
        }
        return false;
    }
}
