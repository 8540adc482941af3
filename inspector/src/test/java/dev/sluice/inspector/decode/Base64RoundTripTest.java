package dev.sluice.inspector.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.inspector.redact.Base64Output;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * {@link Base64DecodingSink} and {@link Base64Output} over seeded random bytes in random pieces:
 * each agrees with the JDK's codec whatever the chunking, padding ends a quantum (so texts
 * written one after another decode as their bytes, as grpc-web-text frames are), and what the
 * decoder cannot read is skipped, never thrown.
 */
class Base64RoundTripTest {
    private static byte[] decode(byte[] text, Random random, int maxChunk) {
        CollectingSink out = new CollectingSink();
        Base64DecodingSink sink = new Base64DecodingSink(out);
        for (int at = 0; at < text.length; ) {
            int n = Math.min(text.length - at, 1 + random.nextInt(maxChunk));
            sink.write(text, at, n);
            at += n;
        }
        sink.end();
        assertEquals(1, out.ends());
        return out.bytes();
    }

    private static byte[] encode(byte[] data, Random random, int maxChunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Base64Output enc = new Base64Output(out::write, new Base64Segments());
        for (int at = 0; at < data.length; ) {
            int n = Math.min(data.length - at, 1 + random.nextInt(maxChunk));
            enc.write(Arrays.copyOfRange(data, at, at + n), 0, n);
            at += n;
        }
        enc.finish();
        return out.toByteArray();
    }

    @RepeatedTest(50)
    void bothAgreeWithTheJdkWhateverTheChunking(RepetitionInfo rep) {
        Random random = new Random(rep.getCurrentRepetition());
        byte[] data = new byte[random.nextInt(10_000)];
        random.nextBytes(data);
        int maxChunk = rep.getCurrentRepetition() == 1 ? 1 : 1 + random.nextInt(5_000);
        byte[] text = encode(data, random, maxChunk);
        assertArrayEquals(Base64.getEncoder().encode(data), text);
        assertArrayEquals(data, decode(text, random, maxChunk));
    }

    @RepeatedTest(20)
    void paddedTextsOneAfterAnotherDecodeAsTheirBytes(RepetitionInfo rep) {
        Random random = new Random(100 + rep.getCurrentRepetition());
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1 + random.nextInt(8); i++) {
            byte[] piece = new byte[random.nextInt(40)];
            random.nextBytes(piece);
            data.writeBytes(piece);
            text.append(Base64.getEncoder().encodeToString(piece));
        }
        assertArrayEquals(data.toByteArray(), decode(text.toString().getBytes(StandardCharsets.US_ASCII), random, 7));
    }

    /** Texts written one after another, decoded and encoded again through the same segments: the same bytes. */
    @RepeatedTest(30)
    void paddedTextsComeBackAsTheSameText(RepetitionInfo rep) {
        Random random = new Random(200 + rep.getCurrentRepetition());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1 + random.nextInt(10); i++) {
            byte[] piece = new byte[random.nextInt(50)];
            random.nextBytes(piece);
            text.append(Base64.getEncoder().encodeToString(piece));
        }
        if (random.nextBoolean()) {
            text.append(Base64.getEncoder().withoutPadding().encodeToString(new byte[] {1, 2, 3, 4}));
        }
        byte[] in = text.toString().getBytes(StandardCharsets.US_ASCII);
        Base64Segments segments = new Base64Segments();
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        Base64Output enc = new Base64Output(again::write, segments);
        Base64DecodingSink dec = new Base64DecodingSink(new dev.sluice.inspector.ByteSink() {
            @Override
            public void write(byte[] buf, int off, int len) {
                // Handed on in random pieces, as a rewriter releases what it held.
                for (int at = off; at < off + len; ) {
                    int n = Math.min(off + len - at, 1 + random.nextInt(9));
                    enc.write(buf, at, n);
                    at += n;
                }
            }

            @Override
            public void end() {
                enc.finish();
            }
        }, segments);
        for (int at = 0; at < in.length; ) {
            int n = Math.min(in.length - at, 1 + random.nextInt(17));
            dec.write(in, at, n);
            at += n;
        }
        dec.end();
        assertEquals(text.toString(), again.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void whatIsNotBase64IsSkipped() {
        byte[] text = "QU\r\nJD\u00ff!RA==".getBytes(StandardCharsets.ISO_8859_1);
        assertArrayEquals("ABCD".getBytes(StandardCharsets.US_ASCII), decode(text, new Random(1), 3));
        assertArrayEquals(new byte[0], decode("Q".getBytes(StandardCharsets.US_ASCII), new Random(1), 1),
                "a lone sextet holds no byte");
    }
}
