package dev.sluice.inspector.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.OutcomeRecorder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentDecodingTest {
    private static final byte[] TEXT = Encodings.text(20_000, 51);

    @Test
    void noCodingReturnsTheDownstreamSinkItself() {
        for (String header : new String[] {null, "", "identity", " IDENTITY ", "identity, ,identity", " , "}) {
            OutcomeRecorder outcomes = new OutcomeRecorder();
            CollectingSink down = new CollectingSink();
            assertSame(down, ContentDecoding.wrap(header, down, InspectionLimits.defaults(), outcomes), header);
            assertEquals(Outcome.COMPLETE, outcomes.outcome());
        }
    }

    @Test
    void namesAreCaseInsensitiveAndOptionalWhitespaceIsIgnored() {
        byte[] body = Encodings.brotli(Encodings.gzip(TEXT));
        for (String header : new String[] {"gzip, br", "GZip ,\tBR", "gzip,br", " x-gzip , identity, br ", "gzip,,br"}) {
            Decoding d = Decoding.run(header, s -> Feeding.inChunksOf(s, body, 7));
            assertEquals(Outcome.COMPLETE, d.outcomes.outcome(), header);
            assertArrayEquals(TEXT, d.down.bytes(), header);
        }
    }

    @Test
    void codingsAreUndoneInReverseOrder() {
        byte[] gzipThenZstd = Encodings.zstd(Encodings.gzip(TEXT));
        Decoding right = Decoding.run("gzip, zstd", gzipThenZstd);
        assertEquals(Outcome.COMPLETE, right.outcomes.outcome());
        assertArrayEquals(TEXT, right.down.bytes());
        Decoding wrong = Decoding.run("zstd, gzip", gzipThenZstd);
        assertEquals(Outcome.DECODING_ERROR, wrong.outcomes.outcome());
        assertTrue(wrong.outcomes.detail().startsWith("gzip"), wrong.outcomes.detail());
    }

    @Test
    void sameCodingTwiceIsDecodedTwice() {
        Decoding d = Decoding.run("gzip, gzip", Encodings.gzip(Encodings.gzip(TEXT)));
        assertEquals(Outcome.COMPLETE, d.outcomes.outcome());
        assertArrayEquals(TEXT, d.down.bytes());
    }

    @Test
    void unknownCodingPassesTheBodyThroughUndecoded() {
        byte[] body = "compressed with something else".getBytes(StandardCharsets.US_ASCII);
        Decoding d = Decoding.run("compress", s -> Feeding.inChunksOf(s, body, 3));
        assertEquals(Outcome.UNSUPPORTED_ENCODING, d.outcomes.outcome());
        assertEquals("compress", d.outcomes.detail());
        assertArrayEquals(body, d.down.bytes());
        assertEquals(1, d.down.ends());
    }

    @Test
    void unknownCodingNameIsSanitizedAndShortenedInTheDetail() {
        String hostile = "evil\r\nX-Injected: 1\u0000" + "a".repeat(100);
        CollectingSink down = new CollectingSink();
        OutcomeRecorder outcomes = new OutcomeRecorder();
        assertSame(down, ContentDecoding.wrap(hostile, down, InspectionLimits.defaults(), outcomes));
        assertEquals(Outcome.UNSUPPORTED_ENCODING, outcomes.outcome());
        String detail = outcomes.detail();
        assertTrue(detail.length() <= ContentDecoding.MAX_DETAIL_NAME, detail);
        assertTrue(detail.chars().allMatch(c -> c > 0x20 && c < 0x7f), detail);
        assertTrue(detail.startsWith("evil??x-injected??1?"), detail);
    }

    @Test
    void knownCodingsAppliedAfterAnUnknownOneAreStillDecoded() {
        // "foo, gzip": gzip was applied last, so it can be undone; foo's bytes are scanned as they are.
        byte[] fooBytes = "foo-encoded payload".getBytes(StandardCharsets.US_ASCII);
        Decoding d = Decoding.run("foo, gzip", Encodings.gzip(fooBytes));
        assertEquals(Outcome.UNSUPPORTED_ENCODING, d.outcomes.outcome());
        assertEquals("foo", d.outcomes.detail());
        assertArrayEquals(fooBytes, d.down.bytes());
    }

    @Test
    void knownCodingsAppliedBeforeAnUnknownOneCannotBeUndone() {
        byte[] body = Encodings.randomBytes(500, 9);
        Decoding d = Decoding.run("gzip, foo", body);
        assertEquals(Outcome.UNSUPPORTED_ENCODING, d.outcomes.outcome());
        assertArrayEquals(body, d.down.bytes());
        assertEquals(1, d.down.ends());
    }

    @Test
    void tooManyCodingsPassTheBodyThroughUndecoded() {
        String header = String.join(",", java.util.Collections.nCopies(ContentDecoding.MAX_CODINGS + 1, "gzip"));
        byte[] body = Encodings.gzip(TEXT);
        Decoding d = Decoding.run(header, body);
        assertEquals(Outcome.UNSUPPORTED_ENCODING, d.outcomes.outcome());
        assertArrayEquals(body, d.down.bytes());
    }

    @Test
    void headerListParsing() {
        assertEquals(List.of("gzip", "br"), ContentDecoding.parse(" GZIP,\t, br ,"));
        assertEquals(List.of(), ContentDecoding.parse(",,"));
        assertEquals(List.of("x-gzip"), ContentDecoding.parse("X-Gzip"));
    }

    @Test
    void aFailingInnerStageStopsTheOuterOneAndEndsDownstreamOnce() {
        // br over bytes that are not gzip: br decodes fine, gzip rejects what it gets.
        byte[] body = Encodings.brotli(Encodings.text(200_000, 4));
        Decoding d = Decoding.run("gzip, br", s -> Feeding.inChunksOf(s, body, 100));
        assertEquals(Outcome.DECODING_ERROR, d.outcomes.outcome());
        assertEquals(1, d.outcomes.problems(), "the br stage recorded nothing of its own");
        assertEquals(0, d.down.delivered());
        assertEquals(1, d.down.ends());
    }

    @Test
    void eachStageIsTheClassNamedForItsCoding() {
        OutcomeRecorder outcomes = new OutcomeRecorder();
        CollectingSink down = new CollectingSink();
        InspectionLimits limits = InspectionLimits.defaults();
        for (var expected : List.of(
                List.of("x-gzip", GzipDecodingSink.class), List.of("deflate", DeflateDecodingSink.class),
                List.of("br", BrotliDecodingSink.class), List.of("zstd", ZstdDecodingSink.class))) {
            ByteSink stage = ContentDecoding.wrap((String) expected.get(0), down, limits, outcomes);
            assertInstanceOf((Class<?>) expected.get(1), stage);
            stage.end();
        }
        assertEquals(4, down.ends());
    }

    @Test
    void aThrowingDownstreamSinkIsABugAndIsNotHiddenAsADecodingError() {
        ByteSink broken = new ByteSink() {
            @Override
            public void write(byte[] buf, int off, int len) {
                throw new IllegalStateException("downstream bug");
            }

            @Override
            public void end() {
            }
        };
        OutcomeRecorder outcomes = new OutcomeRecorder();
        ByteSink sink = ContentDecoding.wrap("gzip", broken, InspectionLimits.defaults(), outcomes);
        byte[] gz = Encodings.gzip(TEXT);
        assertThrows(IllegalStateException.class, () -> sink.write(gz, 0, gz.length));
        assertEquals(Outcome.COMPLETE, outcomes.outcome());
        sink.end();
    }
}
