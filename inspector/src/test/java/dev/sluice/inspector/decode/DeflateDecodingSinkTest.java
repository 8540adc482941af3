package dev.sluice.inspector.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeflateDecodingSinkTest {
    private static final byte[] TEXT = Encodings.text(5_000, 21);

    @Test
    void zlibHeadersAreRecognisedPerRfc1950() {
        // Headers zlib writes at its four level groups, and a 2 KiB window (CINFO 3).
        assertTrue(DeflateDecodingSink.isZlibHeader(0x78, 0x01));
        assertTrue(DeflateDecodingSink.isZlibHeader(0x78, 0x5e));
        assertTrue(DeflateDecodingSink.isZlibHeader(0x78, 0x9c));
        assertTrue(DeflateDecodingSink.isZlibHeader(0x78, 0xda));
        assertTrue(DeflateDecodingSink.isZlibHeader(0x38, 0x11));
        assertFalse(DeflateDecodingSink.isZlibHeader(0x78, 0x9d), "FCHECK wrong");
        assertFalse(DeflateDecodingSink.isZlibHeader(0x88, 0x98), "CINFO 8: window above 32 KiB");
        assertFalse(DeflateDecodingSink.isZlibHeader(0x79, 0x97), "CM 9");
    }

    @Test
    void rawAndZlibStreamsBothDecode() {
        byte[] zlib = Encodings.zlib(TEXT);
        byte[] raw = Encodings.rawDeflate(TEXT);
        assertTrue(DeflateDecodingSink.isZlibHeader(zlib[0] & 0xff, zlib[1] & 0xff));
        assertFalse(DeflateDecodingSink.isZlibHeader(raw[0] & 0xff, raw[1] & 0xff));
        for (byte[] body : new byte[][] {zlib, raw}) {
            Decoding d = Decoding.run("deflate", s -> Feeding.inChunksOf(s, body, 1));
            assertEquals(Outcome.COMPLETE, d.outcomes.outcome());
            assertArrayEquals(TEXT, d.down.bytes());
        }
    }

    @Test
    void emptyRawStreamOfTwoBytesIsComplete() {
        // RFC 1951 §3.2.3: one final block with fixed Huffman codes holding only end-of-block.
        Decoding d = Decoding.run("deflate", new byte[] {0x03, 0x00});
        assertEquals(Outcome.COMPLETE, d.outcomes.outcome());
        assertEquals(0, d.down.delivered());
    }

    @Test
    void everyStrictPrefixIsTruncated() {
        for (byte[] body : new byte[][] {Encodings.zlib(TEXT), Encodings.rawDeflate(TEXT)}) {
            for (int cut = 1; cut < body.length; cut++) {
                Decoding d = Decoding.run("deflate", Arrays.copyOf(body, cut));
                assertEquals(Outcome.TRUNCATED, d.outcomes.outcome(), "cut at " + cut);
                assertEquals(1, d.down.ends());
            }
        }
    }

    @Test
    void wrongAdler32IsADecodingErrorAfterTheDecodedBytes() {
        byte[] zlib = Encodings.zlib(TEXT);
        zlib[zlib.length - 1] ^= 1;
        Decoding whole = Decoding.run("deflate", zlib);
        assertEquals(Outcome.DECODING_ERROR, whole.outcomes.outcome());
        // zlib finds the fault after it has decoded everything, in the same call: those bytes are
        // delivered as they are when the body comes in small chunks.
        assertArrayEquals(TEXT, whole.down.bytes());
        assertArrayEquals(TEXT, Decoding.run("deflate", s -> Feeding.inChunksOf(s, zlib, 7)).down.bytes());
    }

    @Test
    void aCorruptStreamDeliversTheSameBytesForAnyChunking() {
        byte[] zlib = Encodings.zlib(TEXT);
        zlib[zlib.length / 2] ^= 0x55;
        Decoding whole = Decoding.run("deflate", zlib);
        assertEquals(Outcome.DECODING_ERROR, whole.outcomes.outcome());
        for (int chunk : new int[] {1, 3, 64, 1000}) {
            Decoding cut = Decoding.run("deflate", s -> Feeding.inChunksOf(s, zlib, chunk));
            assertEquals(Outcome.DECODING_ERROR, cut.outcomes.outcome());
            assertArrayEquals(whole.down.bytes(), cut.down.bytes(), "chunks of " + chunk);
        }
    }

    @Test
    void bytesAfterTheEndOfTheStreamAreADecodingError() {
        byte[] extra = "trailing".getBytes(StandardCharsets.US_ASCII);
        for (byte[] body : new byte[][] {Encodings.zlib(TEXT), Encodings.rawDeflate(TEXT)}) {
            Decoding together = Decoding.run("deflate", Encodings.concat(body, extra));
            assertEquals(Outcome.DECODING_ERROR, together.outcomes.outcome());
            assertArrayEquals(TEXT, together.down.bytes());
            Decoding apart = Decoding.run("deflate", s -> {
                s.write(body, 0, body.length);
                s.write(extra, 0, extra.length);
            });
            assertEquals(Outcome.DECODING_ERROR, apart.outcomes.outcome());
        }
    }

    @Test
    void garbageIsADecodingError() {
        Decoding d = Decoding.run("deflate", new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x00, 0x12});
        assertEquals(Outcome.DECODING_ERROR, d.outcomes.outcome());
        assertTrue(d.outcomes.detail().startsWith("deflate: "), d.outcomes.detail());
        assertEquals(1, d.down.ends());
    }

    @Test
    void presetDictionaryIsADecodingError() {
        // RFC 1950 §2.2: FDICT set, followed by a DICTID no HTTP peer can have agreed on.
        byte[] body = {0x78, (byte) 0xbb, 0, 0, 0, 1, 0x03, 0x00};
        assertTrue(DeflateDecodingSink.isZlibHeader(0x78, 0xbb));
        assertEquals(Outcome.DECODING_ERROR, Decoding.run("deflate", body).outcomes.outcome());
    }
}
