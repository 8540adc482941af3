package dev.sluice.inspector.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bomb for each encoding (hundreds of MiB to 1 GiB of zeros, a few KiB to 1 MiB compressed)
 * stops at the configured limit, having delivered no more than the limit plus one output step,
 * whether it arrives in one write or in many.
 */
class DecompressionBombTest {
    private static final long SIZE_LIMIT = 4L << 20;
    private static final long STEP = DecodingSink.OUTPUT_STEP;

    private static String header(String bomb) {
        return bomb.startsWith("deflate") ? "deflate" : bomb;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate-zlib", "deflate-raw", "br", "zstd"})
    void sizeLimitStopsDecodingWithinOneStep(String bomb) {
        InspectionLimits limits = InspectionLimits.builder()
                .maxDecompressedBytes(SIZE_LIMIT)
                .maxDecompressionRatio(Integer.MAX_VALUE)
                .build();
        for (int chunk : new int[] {64 * 1024, Integer.MAX_VALUE}) {
            Decoding d = feed(bomb, limits, chunk);
            assertEquals(Outcome.DECOMPRESSED_SIZE_LIMIT, d.outcomes.outcome(), bomb);
            assertTrue(d.down.delivered() <= SIZE_LIMIT + STEP, () -> bomb + " delivered " + d.down.delivered());
            assertEquals(SIZE_LIMIT, d.down.delivered(), "bytes up to the limit are still inspected");
            assertEquals(1, d.down.ends());
            assertEquals(1, d.outcomes.problems(), "one outcome, later input dropped");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate-zlib", "deflate-raw", "br", "zstd"})
    void ratioLimitStopsDecodingOnceAMebibyteIsDecoded(String bomb) {
        InspectionLimits limits = InspectionLimits.builder()
                .maxDecompressedBytes(1L << 40)
                .maxDecompressionRatio(50)
                .build();
        for (int chunk : new int[] {64 * 1024, Integer.MAX_VALUE}) {
            Decoding d = feed(bomb, limits, chunk);
            assertEquals(Outcome.DECOMPRESSION_RATIO_LIMIT, d.outcomes.outcome(), bomb);
            assertTrue(d.down.delivered() <= DecodingSink.RATIO_CHECK_FLOOR + STEP,
                    () -> bomb + " delivered " + d.down.delivered());
            assertEquals(1, d.down.ends());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "br", "zstd"})
    void defaultLimitsStopABombToo(String bomb) {
        Decoding d = feed(bomb, InspectionLimits.defaults(), 16 * 1024);
        assertTrue(d.outcomes.outcome().isLimit(), d.outcomes::toString);
        assertTrue(d.down.delivered() <= InspectionLimits.defaults().maxDecompressedBytes());
    }

    @org.junit.jupiter.api.Test
    void nestedBombIsStoppedByTheInnerStage() {
        // br over a gzip bomb: the outer layer is harmless, the inner one explodes.
        byte[] nested = Encodings.brotli(Bombs.of("gzip"));
        InspectionLimits limits = InspectionLimits.builder().maxDecompressedBytes(SIZE_LIMIT).build();
        Decoding d = new Decoding("gzip, br", limits, new CollectingSink(0));
        Feeding.inChunksOf(d.sink, nested, 4_096);
        d.sink.end();
        assertTrue(d.outcomes.outcome().isLimit(), d.outcomes::toString);
        assertTrue(d.down.delivered() <= SIZE_LIMIT);
        assertEquals(1, d.down.ends());
    }

    private static Decoding feed(String bomb, InspectionLimits limits, int chunk) {
        byte[] encoded = Bombs.of(bomb);
        Decoding d = new Decoding(header(bomb), limits, new CollectingSink(0));
        Feeding.inChunksOf(d.sink, encoded, Math.min(chunk, encoded.length));
        d.sink.end();
        return d;
    }
}
