package dev.sluice.inspector.text;

import static dev.sluice.inspector.TestParserContext.assertChunkingInvariant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.RecordingValueSink;
import dev.sluice.inspector.RecordingValueSink.Value;
import dev.sluice.inspector.TestParserContext;
import dev.sluice.inspector.TestParserContext.Result;
import org.junit.jupiter.api.Test;

class TextBodyParserTest {

    @Test
    void wholeBodyIsOneVerbatimValueWithoutKey() {
        Result r = assertChunkingInvariant("text/plain", "DB_PASSWORD=hunter2\nAWS_KEY=AKIA...\n");
        assertEquals(1, r.values().size());
        Value v = r.values().getFirst();
        assertNull(v.key);
        assertEquals("", v.path);
        assertEquals("0+36", v.spans());
        assertEquals(Outcome.COMPLETE, r.outcome());
    }

    @Test
    void percentEscapesOfLoggedUrlsAreDecodedWithTheirWireSpans() {
        Result r = assertChunkingInvariant("text/plain", "GET /otp?phone=%2B15125550118&q=100%&x=%4 HTTP/1.1\n");
        Value v = r.values().getFirst();
        assertEquals("GET /otp?phone=+15125550118&q=100%&x=%4 HTTP/1.1\n", v.text());
        assertEquals("0+15,15~18,18+33", v.spans());
    }

    @Test
    void characterReferencesOfQuotedMarkupAreDecodedWithTheirWireSpans() {
        Value v = assertChunkingInvariant("text/plain", "mail jane&#64;x.io &amp; AT&T; 5&nosuch; a&#64").values()
                .getFirst();
        assertEquals("mail jane@x.io & AT&T; 5&nosuch; a@", v.text());
        assertEquals("0+9,9~14,14+5,19~24,24+18,42~46", v.spans());
    }

    @Test
    void anEscapeCutAtTheEndOfTheBodyStaysText() {
        Value v = assertChunkingInvariant("text/plain", "a=%4").values().getFirst();
        assertEquals("a=%4", v.text());
        assertEquals("0+4", v.spans());
    }

    @Test
    void emptyBodyHasNoValue() {
        assertEquals(0, TestParserContext.parse("text/plain", "").values().size());
    }

    @Test
    void unknownAndBinaryTypesAreScannedRaw() {
        for (String ct : new String[] {"application/octet-stream", null, "image/png", "application/yaml",
                "application/x-pem-file"}) {
            Result r = TestParserContext.parse(ct, "-----BEGIN PRIVATE KEY-----\nabc");
            assertEquals(1, r.values().size(), String.valueOf(ct));
            assertEquals("0+31", r.values().getFirst().spans());
        }
    }

    @Test
    void oneVerbatimCallPerChunk() {
        Result r = TestParserContext.parse("text/plain", "x".repeat(3000).getBytes(), InspectionLimits.defaults(),
                1000, 2000);
        assertEquals(3, r.sink().verbatimCalls());
        assertEquals("0+3000", r.values().getFirst().spans());
    }

    @Test
    void hundredMegabytesStreamInBoundedMemory() {
        RecordingValueSink sink = RecordingValueSink.countingOnly();
        TestParserContext ctx = new TestParserContext(sink, InspectionLimits.defaults());
        ByteSink parser = ctx.open("text/plain", 0, null, 0);
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'a');
        long total = 100L << 20;
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory() - rt.freeMemory();
        for (long sent = 0; sent < total; sent += chunk.length) {
            parser.write(chunk, 0, chunk.length);
        }
        parser.end();
        long after = rt.totalMemory() - rt.freeMemory();
        assertNull(sink.error());
        assertEquals(total, sink.byteCount());
        assertEquals(1, sink.valueCount());
        assertEquals(Outcome.COMPLETE, ctx.outcomes().outcome());
        // Nothing of the body is kept: heap growth stays far below the body size.
        assertTrue(after - before < 32L << 20, "heap grew by " + (after - before));
    }
}
