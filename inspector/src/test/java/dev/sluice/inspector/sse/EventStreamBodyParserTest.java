package dev.sluice.inspector.sse;

import static dev.sluice.inspector.TestParserContext.assertChunkingInvariant;
import static dev.sluice.inspector.ValueAssertions.assertPartValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.RecordingValueSink.Value;
import dev.sluice.inspector.TestParserContext;
import dev.sluice.inspector.TestParserContext.Result;
import dev.sluice.inspector.InspectionLimits;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Framing of {@code text/event-stream}, value by value: where each value starts and what it
 * holds. JSON data is read in {@code EventStreamInspectionTest}, through the real engine.
 */
class EventStreamBodyParserTest {
    private static final String SSE = "text/event-stream; charset=utf-8";

    @Test
    void eachEventsDataIsABodyOfItsOwnNamedByTheEventType() {
        Result r = assertChunkingInvariant(SSE, "event: update\ndata: one\n\ndata:two\n\n");
        List<Value> v = r.values();
        assertEquals(3, v.size(), v.toString());
        assertPartValue(v.get(0), null, "event", "update", "7+6");
        assertPartValue(v.get(1), null, "update", "one", "20+3");
        assertPartValue(v.get(2), null, null, "two", "30+3");
        assertEquals(Outcome.COMPLETE, r.outcome());
    }

    @Test
    void textDataLinesJoinWithOneLineFeedForTheBytesBetween() {
        // Between "a" and "b" stand "\n", a comment line with its "\n", and "data: ".
        Result r = assertChunkingInvariant(SSE, "data: a\n: keepalive\ndata: b\n\n");
        List<Value> v = r.values();
        assertEquals(1, v.size(), v.toString());
        assertPartValue(v.get(0), null, null, "a\nb", "6+1,7~26,26+1");
    }

    @Test
    void everyLineEndingCountsAndCrLfIsOne() {
        Result r = assertChunkingInvariant(SSE, "data: x\r\ndata: y\r\rdata: z\r\n\r\n");
        List<Value> v = r.values();
        assertEquals(2, v.size(), v.toString());
        assertPartValue(v.get(0), null, null, "x\ny", "6+1,7~15,15+1");
        assertPartValue(v.get(1), null, null, "z", "24+1");
    }

    @Test
    void commentsAndOtherFieldsOutsideDataAreTextValues() {
        Result r = assertChunkingInvariant(SSE, ": hello\nid: 42\nretry\ndata\ndata: body\n\n");
        List<Value> v = r.values();
        assertEquals(3, v.size(), v.toString());
        assertPartValue(v.get(0), null, null, "hello", "2+5");
        assertPartValue(v.get(1), null, "id", "42", "12+2");
        // "data" alone is an empty data line: nothing opens until the data's first byte.
        assertPartValue(v.get(2), null, null, "body", "32+4");
    }

    @Test
    void fieldsAfterTheDataAreValuesOfTheirOwnOnceItIsOver() {
        Result r = assertChunkingInvariant(SSE, "data: x\nid: 7\n: note\n\ndata: y\n\n");
        List<Value> v = r.values();
        assertEquals(4, v.size(), v.toString());
        assertPartValue(v.get(0), null, null, "x", "6+1");
        assertPartValue(v.get(1), null, "id", "7", "12+1");
        assertPartValue(v.get(2), null, null, "note", "16+4");
        assertPartValue(v.get(3), null, null, "y", "28+1");
    }

    @Test
    void fieldsBetweenTwoDataLinesAreInsideTheData() {
        Result r = assertChunkingInvariant(SSE, "data: x\nid: 7\ndata: y\n\n");
        assertEquals(1, r.values().size(), r.values().toString());
        assertEquals("x\ny", r.values().get(0).text());
    }

    @Test
    void aByteOrderMarkIsSkippedAndALastEventWithoutItsBlankLineIsRead() {
        Result r = assertChunkingInvariant(SSE, "\uFEFFdata: first\n\ndata: last");
        List<Value> v = r.values();
        assertEquals(2, v.size(), v.toString());
        assertPartValue(v.get(0), null, null, "first", "9+5");
        assertPartValue(v.get(1), null, null, "last", "22+4");
    }

    @Test
    void leadingSpacesOfTheDataAreNotPartOfIt() {
        Result r = assertChunkingInvariant(SSE, "data:   \ndata: \t x\n\n");
        assertPartValue(r.values().get(0), null, null, "x", "17+1");
    }

    @Test
    void longNamesAndEventTypesAreCut() {
        String type = "t".repeat(200);
        Result r = assertChunkingInvariant(SSE, "x".repeat(100) + ": v\nevent: " + type + "\ndata: d\n\n");
        List<Value> v = r.values();
        assertEquals("x".repeat(EventStreamBodyParser.MAX_NAME), v.get(0).parentKey);
        assertEquals("t".repeat(EventStreamBodyParser.MAX_EVENT_TYPE), v.get(2).parentKey);
    }

    /**
     * Pieces that random streams are made of: framing, the two named fields, text values, a mark.
     * No {@code {} or {@code [}: this context reads JSON data raw, so JSON data is left to the
     * real engine's random streams ({@code EventStreamInspectionTest}).
     */
    private static final String[] PIECES = {"data", "event", "id", ":", " ", "\r", "\n", "\r\n", "\n\n",
            "\"a\"", "}", "]", "x", "4111 1111 1111 1111", "\t", "\uFEFF", "\u00e9"};

    /**
     * Seeded random streams: every cut and one byte at a time give the same values and outcome,
     * and the recording sink's protocol checks hold (values never nest; verbatim bytes are the
     * wire's own bytes at their offsets).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void randomStreamsDoNotDependOnChunking(int seed) {
        byte[] body = TestParserContext.randomPieces(new Random(seed), PIECES, 60);
        assertChunkingInvariant(SSE, body, InspectionLimits.defaults(), 1);
    }
}
