package dev.sluice.inspector.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.aayushatharva.brotli4j.encoder.Encoder;
import dev.sluice.inspector.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BrotliDecodingSinkTest {
    private static final byte[] TEXT = Encodings.text(5_000, 31);

    @Test
    void bodyLongerThanTheWindowDecodesFully() {
        // A 64 KiB window (RFC 7932 §9.1 WBITS 16) makes the decoder's ring buffer fill and drain
        // many times, including right at the end of the input.
        byte[] text = Encodings.text(1 << 20, 32);
        byte[] br = Encodings.brotli(text, new Encoder.Parameters().setQuality(5).setWindow(16));
        for (int chunk : new int[] {1, 7, 512, 4_096, br.length}) {
            int size = chunk;
            Decoding d = Decoding.run("br", s -> Feeding.inChunksOf(s, br, size));
            assertEquals(Outcome.COMPLETE, d.outcomes.outcome(), "chunk " + size);
            assertArrayEquals(text, d.down.bytes(), "chunk " + size);
        }
    }

    @Test
    void everyStrictPrefixIsTruncated() {
        byte[] br = Encodings.brotli(TEXT);
        for (int cut = 1; cut < br.length; cut++) {
            Decoding d = Decoding.run("br", Arrays.copyOf(br, cut));
            assertEquals(Outcome.TRUNCATED, d.outcomes.outcome(), "cut at " + cut);
            assertEquals(1, d.down.ends());
        }
    }

    @Test
    void bytesAfterTheEndOfTheStreamAreADecodingError() {
        byte[] br = Encodings.brotli(TEXT);
        byte[] extra = "trailing".getBytes(StandardCharsets.US_ASCII);
        Decoding together = Decoding.run("br", Encodings.concat(br, extra));
        assertEquals(Outcome.DECODING_ERROR, together.outcomes.outcome());
        Decoding apart = Decoding.run("br", s -> {
            s.write(br, 0, br.length);
            s.write(extra, 0, extra.length);
        });
        assertEquals(Outcome.DECODING_ERROR, apart.outcomes.outcome());
        assertArrayEquals(TEXT, apart.down.bytes());
    }

    @Test
    void garbageIsADecodingError() {
        byte[] garbage = Encodings.randomBytes(4_096, 7);
        Decoding d = Decoding.run("br", s -> Feeding.inChunksOf(s, garbage, 13));
        assertEquals(Outcome.DECODING_ERROR, d.outcomes.outcome());
        assertEquals(1, d.down.ends());
    }

    @Test
    void emptyBodyIsComplete() {
        assertEquals(Outcome.COMPLETE, Decoding.run("br", new byte[0]).outcomes.outcome());
    }
}
