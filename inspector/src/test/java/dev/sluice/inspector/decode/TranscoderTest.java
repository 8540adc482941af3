package dev.sluice.inspector.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class TranscoderTest {
    private static final Charset[] CHARSETS = {StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE,
            Charset.forName("UTF-32BE"), Charset.forName("UTF-32LE"), StandardCharsets.UTF_8};

    /** Seeded text, supplementary characters included, cut anywhere (inside a pair too): the same UTF-8 comes out. */
    @RepeatedTest(200)
    void anyCutGivesTheSameText(RepetitionInfo info) {
        Random random = new Random(info.getCurrentRepetition());
        String text = text(random, random.nextInt(3 * Transcoder.STEP));
        Charset from = CHARSETS[random.nextInt(CHARSETS.length)];
        byte[] body = text.getBytes(from);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Transcoder t = new Transcoder(from, StandardCharsets.UTF_8, out::write);
        for (int at = 0; at < body.length; ) {
            int n = Math.min(body.length - at, 1 + random.nextInt(random.nextBoolean() ? 7 : 20_000));
            t.write(body, at, n);
            at += n;
        }
        t.end();
        assertEquals(text, out.toString(StandardCharsets.UTF_8), from + ", " + body.length + " bytes");
    }

    @Test
    void malformedInputBecomesReplacementsNotExceptions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Transcoder t = new Transcoder(StandardCharsets.UTF_16LE, StandardCharsets.UTF_8, out::write);
        byte[] loneSurrogateThenOddByte = {'a', 0, 0x00, (byte) 0xd8, 'b', 0, 'c'};
        t.write(loneSurrogateThenOddByte, 0, loneSurrogateThenOddByte.length);
        t.end();
        // Java's decoder takes the unit after a lone high surrogate into the malformed sequence.
        assertEquals("a\uFFFD\uFFFD", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void utf8BackToUtf16KeepsWhatWasCutBetweenWrites() {
        byte[] utf8 = "card 4111 € 😀".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Transcoder t = new Transcoder(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE, out::write);
        for (byte b : utf8) {
            t.write(new byte[] {b}, 0, 1);
        }
        t.end();
        assertEquals("card 4111 € 😀", out.toString(StandardCharsets.UTF_16BE));
    }

    private static String text(Random random, int length) {
        StringBuilder b = new StringBuilder(length);
        while (b.length() < length) {
            int kind = random.nextInt(10);
            if (kind < 6) {
                b.append((char) (0x20 + random.nextInt(0x5f)));
            } else if (kind < 8) {
                b.append((char) (0xa0 + random.nextInt(0xd7ff - 0xa0)));
            } else {
                b.appendCodePoint(0x10000 + random.nextInt(0x10ffff - 0x10000));
            }
        }
        return b.toString();
    }
}
