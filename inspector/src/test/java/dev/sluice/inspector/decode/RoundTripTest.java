package dev.sluice.inspector.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.OutcomeRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every encoding decodes back to the original at every chunk size from 1 to 17 and under seeded
 * random chunkings, for random (incompressible), text and large text (many output steps) bodies.
 */
class RoundTripTest {
    private static final int RANDOM_CHUNKINGS = 6;
    private static final int CORRUPTIONS = 4;

    private record Codec(String header, String label, UnaryOperator<byte[]> encoder) {
        @Override
        public String toString() {
            return label;
        }
    }

    private record Payload(String label, byte[] bytes) {
        @Override
        public String toString() {
            return label + " (" + bytes.length + " bytes)";
        }
    }

    static Stream<Arguments> cases() {
        List<Codec> codecs = List.of(
                new Codec("gzip", "gzip", Encodings::gzip),
                new Codec("x-gzip", "x-gzip", Encodings::gzip),
                new Codec("deflate", "deflate (zlib, RFC 1950)", Encodings::zlib),
                new Codec("deflate", "deflate (raw, RFC 1951)", Encodings::rawDeflate),
                new Codec("br", "br", Encodings::brotli),
                new Codec("zstd", "zstd", Encodings::zstd),
                new Codec("gzip, br", "gzip then br", b -> Encodings.brotli(Encodings.gzip(b))),
                new Codec("zstd, deflate", "zstd then deflate", b -> Encodings.zlib(Encodings.zstd(b))));
        List<Payload> payloads = List.of(
                new Payload("random", Encodings.randomBytes(3_000, 1)),
                new Payload("text", Encodings.text(6_000, 2)),
                new Payload("large text", Encodings.text(300_000, 3)),
                new Payload("one byte", new byte[] {42}));
        List<Arguments> all = new ArrayList<>();
        for (Codec c : codecs) {
            for (Payload p : payloads) {
                all.add(Arguments.of(c, p));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cases")
    void decodesToTheOriginalAtEveryChunkSize(Codec codec, Payload payload) {
        byte[] encoded = codec.encoder().apply(payload.bytes());
        for (int chunk = 1; chunk <= 17; chunk++) {
            int size = chunk;
            check(codec, payload, "chunk size " + size, sink -> Feeding.inChunksOf(sink, encoded, size));
        }
        for (int seed = 0; seed < RANDOM_CHUNKINGS; seed++) {
            long s = seed;
            check(codec, payload, "random chunking seed " + s, sink -> Feeding.randomly(sink, encoded, s, 4_096));
        }
        check(codec, payload, "one write", sink -> sink.write(encoded, 0, encoded.length));
    }

    /**
     * A stream with one byte changed decodes to the same bytes with the same outcome for any
     * chunking. zlib, brotli and zstd drop what they decoded in a call that then fails, so the
     * stages deliver that part themselves (zlib) or cut their input at fixed stream offsets
     * (brotli, zstd).
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cases")
    void aCorruptStreamDecodesTheSameForAnyChunking(Codec codec, Payload payload) {
        byte[] encoded = codec.encoder().apply(payload.bytes());
        Random random = new Random(encoded.length);
        for (int i = 0; i < CORRUPTIONS; i++) {
            byte[] corrupt = encoded.clone();
            int at = random.nextInt(corrupt.length);
            corrupt[at] ^= (byte) (1 + random.nextInt(255));
            String what = "byte " + at + " changed";
            Decoding whole = Decoding.run(codec.header(), corrupt);
            for (int chunk : new int[] {1, 5, 17}) {
                Decoding cut = Decoding.run(codec.header(), sink -> Feeding.inChunksOf(sink, corrupt, chunk));
                assertSameDecoding(whole, cut, what + ", chunks of " + chunk);
            }
            long seed = random.nextLong();
            Decoding cut = Decoding.run(codec.header(), sink -> Feeding.randomly(sink, corrupt, seed, 4_096));
            assertSameDecoding(whole, cut, what + ", random chunks of seed " + seed);
        }
    }

    private static void assertSameDecoding(Decoding expected, Decoding actual, String how) {
        assertEquals(expected.outcomes.outcome(), actual.outcomes.outcome(), how);
        assertArrayEquals(expected.down.bytes(), actual.down.bytes(), how);
        assertEquals(1, actual.down.ends(), how);
    }

    private static void check(Codec codec, Payload payload, String how, java.util.function.Consumer<ByteSink> feed) {
        OutcomeRecorder outcomes = new OutcomeRecorder();
        CollectingSink down = new CollectingSink();
        ByteSink sink = ContentDecoding.wrap(codec.header(), down, InspectionLimits.defaults(), outcomes);
        feed.accept(sink);
        sink.end();
        assertEquals(Outcome.COMPLETE, outcomes.outcome(), () -> how + ": " + outcomes);
        assertArrayEquals(payload.bytes(), down.bytes(), how);
        assertEquals(1, down.ends(), how);
        assertFalse(down.wroteAfterEnd(), how);
    }
}
