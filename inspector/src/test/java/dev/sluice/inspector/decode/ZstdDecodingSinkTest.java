package dev.sluice.inspector.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.luben.zstd.ZstdOutputStream;
import dev.sluice.inspector.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ZstdDecodingSinkTest {
    private static final byte[] TEXT = Encodings.text(5_000, 41);

    @Test
    void concatenatedAndSkippableFramesDecodeAsOneBody() {
        byte[] a = Encodings.text(70_000, 1);
        byte[] b = Encodings.randomBytes(3_000, 2);
        // RFC 8878 §3.1.2: magic 0x184D2A50..5F, 4-byte little-endian size, then user data.
        byte[] skippable = {0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 'x', 'y', 'z'};
        byte[] body = Encodings.concat(Encodings.zstd(a), skippable, Encodings.zstd(b));
        for (int chunk = 1; chunk <= 17; chunk++) {
            int size = chunk;
            Decoding d = Decoding.run("zstd", s -> Feeding.inChunksOf(s, body, size));
            assertEquals(Outcome.COMPLETE, d.outcomes.outcome(), "chunk " + size);
            assertArrayEquals(Encodings.concat(a, b), d.down.bytes(), "chunk " + size);
        }
    }

    @Test
    void everyStrictPrefixIsTruncated() {
        byte[] zst = Encodings.zstd(TEXT);
        for (int cut = 1; cut < zst.length; cut++) {
            Decoding d = Decoding.run("zstd", Arrays.copyOf(zst, cut));
            assertEquals(Outcome.TRUNCATED, d.outcomes.outcome(), "cut at " + cut);
            assertEquals(1, d.down.ends());
        }
    }

    @Test
    void bodyEndingInsideASecondFrameIsTruncated() {
        byte[] zst = Encodings.zstd(TEXT);
        Decoding d = Decoding.run("zstd", Encodings.concat(zst, Arrays.copyOf(zst, 7)));
        assertEquals(Outcome.TRUNCATED, d.outcomes.outcome());
        assertArrayEquals(TEXT, d.down.bytes());
    }

    @Test
    void garbageIsADecodingError() {
        Decoding d = Decoding.run("zstd", "definitely not a zstd frame".getBytes(StandardCharsets.US_ASCII));
        assertEquals(Outcome.DECODING_ERROR, d.outcomes.outcome());
        assertEquals(1, d.down.ends());
    }

    @Test
    void bytesAfterTheLastFrameThatAreNotAFrameAreADecodingError() {
        byte[] zst = Encodings.zstd(TEXT);
        Decoding d = Decoding.run("zstd", Encodings.concat(zst, "trailing garbage".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Outcome.DECODING_ERROR, d.outcomes.outcome());
        assertArrayEquals(TEXT, d.down.bytes());
    }

    @Test
    void windowAbove8MiBIsRejectedPerRfc9659() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdOutputStream z = new ZstdOutputStream(out, 3)) {
            z.setWindowLog(ZstdDecodingSink.WINDOW_LOG_MAX + 2);
            for (int i = 0; i < 20; i++) {
                z.write(TEXT);
            }
        }
        Decoding d = Decoding.run("zstd", out.toByteArray());
        assertEquals(Outcome.DECODING_ERROR, d.outcomes.outcome());
        assertEquals(0, d.down.delivered());
    }

    @Test
    void emptyBodyIsComplete() {
        assertEquals(Outcome.COMPLETE, Decoding.run("zstd", new byte[0]).outcomes.outcome());
    }
}
